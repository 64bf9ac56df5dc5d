package dev.l4lab.probe.sockets;

import java.util.Locale;

/** Kernel TCP state numbers (include/net/tcp_states.h) to ss's names. */
public final class TcpStates {

    private static final String[] NAMES = {
        "UNKNOWN", "ESTAB", "SYN-SENT", "SYN-RECV", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT",
        "UNCONN", "CLOSE-WAIT", "LAST-ACK", "LISTEN", "CLOSING", "NEW-SYN-RECV"
    };

    private TcpStates() {
    }

    public static String name(int state) {
        return state >= 0 && state < NAMES.length ? NAMES[state] : "UNKNOWN";
    }

    /** Normalizes a user's state filter to ss's name; null when it is not a state. */
    public static String normalize(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT).replace('_', '-');
        if (s.equals("ESTABLISHED")) {
            return "ESTAB";
        }
        if (s.equals("CLOSE") || s.equals("CLOSED")) {
            return "UNCONN";
        }
        for (String n : NAMES) {
            if (n.equals(s) && !n.equals("UNKNOWN")) {
                return n;
            }
        }
        return null;
    }
}
