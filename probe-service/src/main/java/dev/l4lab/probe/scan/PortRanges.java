package dev.l4lab.probe.scan;

import dev.l4lab.probe.api.ProbeException;
import java.util.BitSet;

/** Parses port lists such as "1-1024,8080,9000-9010" into a sorted, duplicate-free int array. */
public final class PortRanges {

    private PortRanges() {
    }

    public static int[] parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw ProbeException.invalid(field, "is required (e.g. \"1-1024,8080,9000-9010\")");
        }
        if (text.length() > 4096) {
            throw ProbeException.invalid(field, "is longer than 4096 characters");
        }
        BitSet ports = new BitSet(65536);
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                throw ProbeException.invalid(field, "has an empty element in \"" + text + "\"");
            }
            int dash = p.indexOf('-');
            int from = number(field, dash < 0 ? p : p.substring(0, dash));
            int to = dash < 0 ? from : number(field, p.substring(dash + 1));
            if (from > to) {
                throw ProbeException.invalid(field, "range " + p + " runs backwards");
            }
            ports.set(from, to + 1);
        }
        return ports.stream().toArray();
    }

    private static int number(String field, String s) {
        String t = s.trim();
        if (t.isEmpty() || t.length() > 5 || !t.chars().allMatch(Character::isDigit)) {
            throw ProbeException.invalid(field, "'" + s + "' is not a port number");
        }
        int port = Integer.parseInt(t);
        if (port < 1 || port > 65535) {
            throw ProbeException.invalid(field, "port " + port + " is outside 1-65535");
        }
        return port;
    }
}
