package dev.l4lab.gateway.net;

/** An IPv4 network in CIDR notation. Host bits are cleared ("10.1.2.3/8" is 10.0.0.0/8), as the kernel does. */
public record Ipv4Cidr(int network, int prefix) {

    public static final Ipv4Cidr ANY = new Ipv4Cidr(0, 0);

    public Ipv4Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix length must be 0-32, got " + prefix);
        }
        network = network & mask(prefix);
    }

    /** Parses "a.b.c.d/n" or a bare address (a /32). The message says what is wrong. */
    public static Ipv4Cidr parse(String text) {
        String t = text == null ? "" : text.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        int prefix = 32;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (!p.matches("\\d{1,2}")) {
                throw new IllegalArgumentException("'" + PortRange.clip(t) + "' is not an IPv4 CIDR: the prefix length must be 0-32");
            }
            prefix = Integer.parseInt(p);
            if (prefix > 32) {
                throw new IllegalArgumentException("'" + PortRange.clip(t) + "' is not an IPv4 CIDR: the prefix length must be 0-32, got " + prefix);
            }
        }
        return new Ipv4Cidr(parseAddress(addr, t), prefix);
    }

    /** Parses a dotted-quad IPv4 address (no names, no shorthand). */
    public static int parseAddress(String addr, String whole) {
        String[] parts = addr.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + PortRange.clip(whole) + "' is not an IPv4 address or CIDR (a.b.c.d/n)");
        }
        int value = 0;
        for (String part : parts) {
            if (!part.matches("\\d{1,3}") || Integer.parseInt(part) > 255) {
                throw new IllegalArgumentException("'" + PortRange.clip(whole) + "' is not an IPv4 address or CIDR (a.b.c.d/n)");
            }
            value = (value << 8) | Integer.parseInt(part);
        }
        return value;
    }

    public static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    public boolean contains(int address) {
        return (address & mask(prefix)) == network;
    }

    public boolean contains(String dottedAddress) {
        try {
            return contains(parseAddress(dottedAddress, dottedAddress));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public boolean isAny() {
        return prefix == 0;
    }

    public static String format(int address) {
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }
}
