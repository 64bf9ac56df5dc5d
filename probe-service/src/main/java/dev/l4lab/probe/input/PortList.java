package dev.l4lab.probe.input;

import dev.l4lab.probe.error.ProbeException;
import java.util.BitSet;

/**
 * Port lists like nmap's -p: "1-1024,8080,9000-9010". Strict: ASCII digits, ',' between items, '-' inside
 * a range, no spaces, no empty items, every port 1-65535, ranges ascending. Duplicates merge.
 */
public final class PortList {

    private PortList() {
    }

    /** The ports as a set (at most 8 KiB, whatever the list). */
    public static BitSet parse(Limit length, String text) {
        String field = length.field();
        if (text == null || text.isEmpty()) {
            throw ProbeException.invalid(field, "is required (e.g. \"1-1024,8080,9000-9010\")");
        }
        length.checkLength(text.length());
        BitSet ports = new BitSet(65536);
        int i = 0;
        while (true) {
            int from = readPort(field, text, i);
            i = skipDigits(text, i);
            int to = from;
            if (i < text.length() && text.charAt(i) == '-') {
                to = readPort(field, text, i + 1);
                i = skipDigits(text, i + 1);
                if (from > to) {
                    throw ProbeException.invalid(field, "range " + from + "-" + to + " runs backwards");
                }
            }
            ports.set(from, to + 1);
            if (i == text.length()) {
                return ports;
            }
            if (text.charAt(i) != ',') {
                throw bad(field, text, i);
            }
            i++;
        }
    }

    private static int readPort(String field, String text, int at) {
        int end = skipDigits(text, at);
        if (end == at) {
            throw bad(field, text, at);
        }
        if (end - at > 5) {
            throw ProbeException.invalid(field, "'" + text.substring(at, end) + "' is not a port (1-65535)");
        }
        int port = Integer.parseInt(text.substring(at, end));
        if (port < 1 || port > 65535) {
            throw ProbeException.invalid(field, "port " + port + " is outside 1-65535");
        }
        return port;
    }

    private static int skipDigits(String text, int at) {
        int i = at;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    private static ProbeException bad(String field, String text, int at) {
        String what = at < text.length() ? "unexpected '" + text.charAt(at) + "' at position " + (at + 1)
                : "a port is missing at the end";
        return ProbeException.invalid(field, what + " in \"" + Fields.abbreviate(text)
                + "\" (ports and ranges of ASCII digits separated by ',', e.g. \"1-1024,8080\")");
    }
}
