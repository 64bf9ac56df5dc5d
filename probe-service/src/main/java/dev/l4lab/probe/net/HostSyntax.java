package dev.l4lab.probe.net;

import io.netty.util.NetUtil;
import java.util.regex.Pattern;

/**
 * What a host may look like: an IPv4 dotted quad, an IPv6 literal (bare or in brackets, no zone), or a
 * DNS name (RFC 1123 labels of letters, digits, '-' and '_', at most 63 characters each, 253 in all).
 * Numeric spellings the JDK would also accept ("127.1", "2130706433") are refused, so what is checked is
 * what is written.
 */
public final class HostSyntax {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");

    private HostSyntax() {
    }

    /** The host without brackets, or null when it is none of the three forms. */
    public static String normalize(String host) {
        if (host.startsWith("[") && host.endsWith("]")) {
            String inner = host.substring(1, host.length() - 1);
            return NetUtil.isValidIpV6Address(inner) && !inner.contains("%") ? inner : null;
        }
        if (host.contains(":")) {
            return NetUtil.isValidIpV6Address(host) && !host.contains("%") ? host : null;
        }
        if (host.matches("[0-9.]+")) {
            return NetUtil.isValidIpV4Address(host) ? host : null;
        }
        return isDnsName(host) ? host : null;
    }

    public static boolean isDnsName(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty() || n.length() > 253) {
            return false;
        }
        for (String label : n.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    public static boolean isLiteral(String host) {
        return NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host);
    }
}
