package dev.l4lab.lb.pool;

/** host:port of a backend. The host stays a name so it is re-resolved by DNS on every connect. */
public record BackendAddress(String host, int port) {

    public static BackendAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty address (expected host:port)");
        }
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            throw new IllegalArgumentException("bad address '" + t + "' (expected host:port)");
        }
        String host = t.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("bad address '" + t + "' (write IPv6 as [addr]:port)");
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9._:-]+")) {
            throw new IllegalArgumentException("bad host in '" + t + "'");
        }
        int port;
        try {
            port = Integer.parseInt(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in '" + t + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range in '" + t + "' (1-65535)");
        }
        return new BackendAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
