package dev.l4lab.probe.policy;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 prefix such as 172.28.0.0/16 or fe80::/10. A bare address means /32 or /128. */
public record Cidr(byte[] network, int prefixLength, String text) {

    public static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        if (addr.isEmpty() || !addr.matches("[0-9A-Fa-f.:]+")) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR (expected e.g. 10.0.0.0/8 or fd00::/8)");
        }
        byte[] bytes;
        try {
            // Only literals reach here (checked above), so this never does DNS.
            bytes = InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR: bad address");
        }
        if (addr.contains(":") && bytes.length == 4) {
            throw new IllegalArgumentException("'" + text + "': write v4-mapped prefixes as IPv4 CIDRs");
        }
        int max = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? max : Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': prefix length is not a number");
        }
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("'" + text + "': prefix length must be 0-" + max);
        }
        return new Cidr(mask(bytes, prefix), prefix, t);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        return a.length == network.length && java.util.Arrays.equals(mask(a, prefixLength), network);
    }

    /** True when every address of this prefix lies inside {@code outer}. */
    public boolean within(Cidr outer) {
        return network.length == outer.network.length && prefixLength >= outer.prefixLength
                && java.util.Arrays.equals(mask(network, outer.prefixLength), outer.network);
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xFF << (8 - bits)));
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
