package dev.l4lab.lb.pool;

/** A configured backend: "host:port" or "host:port@weight". */
public record BackendSpec(BackendAddress address, int weight) {

    public static final int MAX_WEIGHT = 256;

    public static BackendSpec parse(String text) {
        String t = text == null ? "" : text.trim();
        int at = t.lastIndexOf('@');
        int weight = 1;
        if (at >= 0) {
            try {
                weight = Integer.parseInt(t.substring(at + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad weight in '" + t + "'");
            }
            t = t.substring(0, at);
        }
        if (weight < 0 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("weight " + weight + " out of range (0-" + MAX_WEIGHT + ")");
        }
        return new BackendSpec(BackendAddress.parse(t), weight);
    }
}
