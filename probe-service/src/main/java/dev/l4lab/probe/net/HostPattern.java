package dev.l4lab.probe.net;

import java.util.Locale;

/** An allowed host name: exact ("echo-1") or a suffix ("*.lab.internal"), compared case-insensitively. */
public record HostPattern(String pattern) {

    public static HostPattern parse(String text) {
        String p = text.trim().toLowerCase(Locale.ROOT);
        String name = p.startsWith("*.") ? p.substring(2) : p;
        if (!HostSyntax.isDnsName(name)) {
            throw new IllegalArgumentException("'" + text + "' is not a host name or *.suffix pattern");
        }
        return new HostPattern(p);
    }

    public boolean matches(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return pattern.startsWith("*.") ? h.endsWith(pattern.substring(1)) : h.equals(pattern);
    }

    @Override
    public String toString() {
        return pattern;
    }
}
