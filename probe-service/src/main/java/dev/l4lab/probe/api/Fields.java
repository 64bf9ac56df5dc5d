package dev.l4lab.probe.api;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Input checks that name the offending field (JSON name) in their error. */
public final class Fields {

    private Fields() {
    }

    public static String host(String host) {
        if (host == null || host.isBlank()) {
            throw ProbeException.invalid("host", "is required");
        }
        String h = host.trim();
        if (h.length() > 253 || !h.matches("[A-Za-z0-9._:\\-\\[\\]%]+")) {
            throw ProbeException.invalid("host", "is not a host name or IP literal");
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h;
    }

    public static int port(String field, int port) {
        if (port < 1 || port > 65535) {
            throw ProbeException.invalid(field, "must be between 1 and 65535, got " + Integer.toUnsignedString(port));
        }
        return port;
    }

    /** 0 means the default; otherwise it must be inside [min, max]. */
    public static int orDefault(String field, int value, int min, int max, int dflt) {
        if (value == 0) {
            return dflt;
        }
        return range(field, value, min, max);
    }

    public static int range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw ProbeException.invalid(field, "must be between " + min + " and " + max + ", got "
                    + Integer.toUnsignedString(value));
        }
        return value;
    }

    public static byte[] payload(String field, byte[] bytes, int max) {
        if (bytes.length > max) {
            throw ProbeException.invalid(field, "is " + bytes.length + " bytes, at most " + max + " allowed");
        }
        return bytes;
    }

    /** Compiles an optional regex; null when empty. */
    public static Pattern regex(String field, String regex) {
        if (regex == null || regex.isEmpty()) {
            return null;
        }
        if (regex.length() > 256) {
            throw ProbeException.invalid(field, "is " + regex.length() + " characters, at most 256 allowed");
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw ProbeException.invalid(field, "is not a valid regex: " + e.getDescription());
        }
    }
}
