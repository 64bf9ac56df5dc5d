package dev.l4lab.probe.sockets;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Parses the two /proc/net formats behind `ss -s`:
 * sockstat lines ("TCP: inuse 5 orphan 0 tw 2 alloc 7 mem 1") and snmp header/value line pairs
 * ("Tcp: RtoAlgorithm ... CurrEstab ..." followed by "Tcp: 1 ... 3 ..."). Keys become "TCP.inuse",
 * "Tcp.CurrEstab".
 */
public final class KeyValueStats {

    private KeyValueStats() {
    }

    public static Map<String, Long> sockstat(String content) {
        Map<String, Long> out = new HashMap<>();
        for (String line : content.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String section = line.substring(0, colon).trim();
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            for (int i = 0; i + 1 < f.length; i += 2) {
                Long v = parse(f[i + 1]).orElse(null);
                if (v != null) {
                    out.put(section + "." + f[i], v);
                }
            }
        }
        return out;
    }

    public static Map<String, Long> snmp(String content) {
        Map<String, Long> out = new HashMap<>();
        String[] lines = content.split("\n");
        for (int i = 0; i + 1 < lines.length; i += 2) {
            String[] keys = lines[i].trim().split("\\s+");
            String[] values = lines[i + 1].trim().split("\\s+");
            if (keys.length != values.length || keys.length == 0 || !keys[0].equals(values[0])) {
                continue;
            }
            String section = keys[0].replace(":", "");
            for (int k = 1; k < keys.length; k++) {
                Long v = parse(values[k]).orElse(null);
                if (v != null) {
                    out.put(section + "." + keys[k], v);
                }
            }
        }
        return out;
    }

    private static Optional<Long> parse(String s) {
        try {
            return Optional.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
