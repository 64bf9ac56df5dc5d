package dev.l4lab.lb.pool;

import java.util.regex.Pattern;

/** A configured backend: "host:port" or "host:port@weight" (weight 0-256, default 1). */
public record BackendSpec(BackendAddress address, int weight) {

    public static final int MAX_WEIGHT = 256;
    private static final Pattern WEIGHT = Pattern.compile("[0-9]{1,3}");

    public BackendSpec {
        checkWeight(weight);
    }

    public static BackendSpec parse(String text) {
        String t = text == null ? "" : text;
        int at = t.lastIndexOf('@');
        if (at < 0) {
            return new BackendSpec(BackendAddress.parse(t), 1);
        }
        String w = t.substring(at + 1);
        if (!WEIGHT.matcher(w).matches()) {
            throw new IllegalArgumentException("bad weight '" + w + "' in '" + t + "' (0-" + MAX_WEIGHT + ")");
        }
        return new BackendSpec(BackendAddress.parse(t.substring(0, at)), Integer.parseInt(w));
    }

    public static void checkWeight(int weight) {
        if (weight < 0 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("weight " + weight + " out of range (0-" + MAX_WEIGHT + ")");
        }
    }
}
