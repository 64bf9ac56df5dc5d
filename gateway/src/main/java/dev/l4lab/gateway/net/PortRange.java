package dev.l4lab.gateway.net;

/** A destination port or an inclusive range of them, as a security group writes it ("80", "1000-2000"). */
public record PortRange(int from, int to) {

    public PortRange {
        if (from < 1 || to > 65535 || from > to) {
            throw new IllegalArgumentException("ports must be 1-65535 with from <= to, got " + from + "-" + to);
        }
    }

    public static PortRange single(int port) {
        return new PortRange(port, port);
    }

    /**
     * Parses "80" or "1000-2000". Throws IllegalArgumentException with a message that says what is wrong.
     * Only digits and one dash are accepted, so nothing else can reach the rule set text.
     */
    public static PortRange parse(String text) {
        String t = text == null ? "" : text.trim();
        if (!t.matches("\\d{1,5}(-\\d{1,5})?")) {
            throw new IllegalArgumentException("port must be a number 1-65535 or a range like 1000-2000, got '" + clip(t) + "'");
        }
        int dash = t.indexOf('-');
        int from = Integer.parseInt(dash < 0 ? t : t.substring(0, dash));
        int to = dash < 0 ? from : Integer.parseInt(t.substring(dash + 1));
        if (from < 1 || from > 65535 || to < 1 || to > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, got " + t);
        }
        if (from > to) {
            throw new IllegalArgumentException("port range must go from low to high, got " + t);
        }
        return new PortRange(from, to);
    }

    public boolean isSingle() {
        return from == to;
    }

    public boolean contains(int port) {
        return port >= from && port <= to;
    }

    /** "80" or "1000-2000": the REST form, and nft's too. */
    @Override
    public String toString() {
        return isSingle() ? Integer.toString(from) : from + "-" + to;
    }

    static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
