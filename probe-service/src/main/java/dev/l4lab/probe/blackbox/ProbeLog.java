package dev.l4lab.probe.blackbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The probe's log for debug=true, in the exporter's logfmt ("ts=... caller=... module=... target=...
 * level=info msg=... key=value"). Bounded: a chatty target cannot make it grow past {@link #MAX_LINES}.
 */
final class ProbeLog {

    static final int MAX_LINES = 200;
    private static final int MAX_VALUE = 512;

    private final String prefix;
    private final List<String> lines = new ArrayList<>();
    private int dropped;

    ProbeLog(String module, String target) {
        this.prefix = " module=" + value(module) + " target=" + value(target);
    }

    synchronized void info(String caller, String msg, Object... keyValues) {
        add(caller, "info", msg, keyValues);
    }

    synchronized void debug(String caller, String msg, Object... keyValues) {
        add(caller, "debug", msg, keyValues);
    }

    synchronized void error(String caller, String msg, Object... keyValues) {
        add(caller, "error", msg, keyValues);
    }

    private void add(String caller, String level, String msg, Object... keyValues) {
        if (lines.size() >= MAX_LINES) {
            dropped++;
            return;
        }
        StringBuilder sb = new StringBuilder("ts=").append(Instant.now()).append(" caller=").append(caller)
                .append(prefix).append(" level=").append(level).append(" msg=").append(value(msg));
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            sb.append(' ').append(keyValues[i]).append('=').append(value(String.valueOf(keyValues[i + 1])));
        }
        lines.add(sb.toString());
    }

    synchronized String text() {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l).append('\n'));
        if (dropped > 0) {
            sb.append("(").append(dropped).append(" more log lines dropped)\n");
        }
        return sb.toString();
    }

    /** logfmt: bare when safe, else quoted with \" and \\ escaped; control characters escaped. */
    static String value(String v) {
        String s = v.length() > MAX_VALUE ? v.substring(0, MAX_VALUE) + "..." : v;
        boolean bare = !s.isEmpty();
        for (int i = 0; i < s.length() && bare; i++) {
            char c = s.charAt(i);
            bare = c > ' ' && c != '"' && c != '=' && c != '\\' && c < 0x7F;
        }
        if (bare) {
            return s;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
