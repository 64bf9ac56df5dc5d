package dev.l4lab.probe.input;

import dev.l4lab.probe.error.ProbeException;
import dev.l4lab.probe.net.HostSyntax;

/** Input checks that are not numeric ranges; each names the offending field (JSON name) in its error. */
public final class Fields {

    private Fields() {
    }

    /** A host name or IP literal, brackets around IPv6 removed. */
    public static String host(String host) {
        if (host == null || host.isEmpty()) {
            throw ProbeException.invalid("host", "is required");
        }
        String h = host.length() <= 255 ? HostSyntax.normalize(host) : null;
        if (h == null) {
            throw ProbeException.invalid("host", "'" + abbreviate(host) + "' is not a host name, IPv4 address or IPv6 "
                    + "address (no spaces, no zone, 253 characters at most)");
        }
        return h;
    }

    public static byte[] bytes(Limit limit, byte[] bytes) {
        limit.checkLength(bytes.length);
        return bytes;
    }

    /** Echoes user input into an error message without echoing a megabyte of it. */
    static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
