package dev.l4lab.gateway.conntrack;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses conntrack -L lines (plain or "-o extended,id"):
 * <pre>
 * ipv4 2 tcp 6 431999 ESTABLISHED src=A dst=B sport=P dport=Q packets=5 bytes=1268 src=C dst=D sport=R dport=S
 *   packets=4 bytes=1238 [ASSURED] mark=0 delta-time=1 use=1 id=3380000894
 * </pre>
 * The first src= starts the original tuple, the second the reply tuple; "id=" inside a tuple is an ICMP id,
 * after "mark="/"use=" it is the entry's id. Lines that are not entries (the summary conntrack prints) give null.
 */
public final class ConntrackParser {

    private ConntrackParser() {
    }

    public static ConntrackEntry parse(String line) {
        String[] t = line.trim().split("\\s+");
        int i = 0;
        if (t.length > 2 && (t[0].equals("ipv4") || t[0].equals("ipv6"))) {
            i = 2;
        }
        if (t.length < i + 4 || t[i].contains("=") || !isNumber(t[i + 1]) || !isNumber(t[i + 2])) {
            return null;
        }
        String protocol = t[i];
        long expires = Long.parseLong(t[i + 2]);
        i += 3;
        String state = null;
        if (i < t.length && !t[i].contains("=") && !t[i].startsWith("[")) {
            state = t[i++];
        }
        TupleBuilder original = new TupleBuilder();
        TupleBuilder reply = new TupleBuilder();
        TupleBuilder current = original;
        List<String> flags = new ArrayList<>();
        Long id = null;
        Long age = null;
        Long mark = null;
        boolean tuplesDone = false;
        for (; i < t.length; i++) {
            String tok = t[i];
            if (tok.startsWith("[") && tok.endsWith("]")) {
                flags.add(tok.substring(1, tok.length() - 1));
                continue;
            }
            int eq = tok.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = tok.substring(0, eq);
            String value = tok.substring(eq + 1);
            switch (key) {
                case "src" -> {
                    if (current == original && original.src != null) {
                        current = reply;
                    }
                    current.src = value;
                }
                case "dst" -> current.dst = value;
                case "sport" -> current.sport = toInt(value);
                case "dport" -> current.dport = toInt(value);
                case "type" -> current.type = toInt(value);
                case "code" -> current.code = toInt(value);
                case "packets" -> current.packets = toLong(value);
                case "bytes" -> current.bytes = toLong(value);
                case "id" -> {
                    if (tuplesDone) {
                        id = toLong(value);
                    } else {
                        current.icmpId = toInt(value);
                    }
                }
                case "mark" -> {
                    mark = toLong(value);
                    tuplesDone = true;
                }
                case "use", "zone", "secctx", "labels", "helper" -> tuplesDone = true;
                case "delta-time" -> {
                    age = toLong(value);
                    tuplesDone = true;
                }
                default -> {
                    // other keys (portid, timestamps) are not part of the answer
                }
            }
        }
        if (original.src == null || reply.src == null) {
            return null;
        }
        return ConntrackEntry.of(id, protocol, state, expires, original.build(), reply.build(), List.copyOf(flags), age, mark);
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() < 19 && s.chars().allMatch(Character::isDigit);
    }

    private static Integer toInt(String s) {
        return isNumber(s) && s.length() < 10 ? Integer.valueOf(s) : null;
    }

    private static Long toLong(String s) {
        return isNumber(s) ? Long.valueOf(s) : null;
    }

    private static final class TupleBuilder {
        String src;
        String dst;
        Integer sport;
        Integer dport;
        Integer type;
        Integer code;
        Integer icmpId;
        Long packets;
        Long bytes;

        ConntrackTuple build() {
            return new ConntrackTuple(src, dst, sport, dport, type, code, icmpId, packets, bytes);
        }
    }
}
