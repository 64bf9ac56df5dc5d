package dev.l4lab.probe.net;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.Arrays;

/** An IPv4 or IPv6 prefix such as 172.28.0.0/16 or fe80::/10. A bare address means /32 or /128. */
public record Cidr(byte[] network, int prefixLength, String text) {

    /** Parses a literal prefix (never DNS); IllegalArgumentException says what is wrong. */
    public static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        if (!NetUtil.isValidIpV4Address(addr) && !NetUtil.isValidIpV6Address(addr)) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR (expected e.g. 10.0.0.0/8 or fd00::/8)");
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(addr);
        if (addr.contains(":") && AddressText.isV4Mapped(bytes)) {
            throw new IllegalArgumentException("'" + text + "': write v4-mapped prefixes as IPv4 CIDRs");
        }
        int max = bytes.length * 8;
        String prefixText = slash < 0 ? String.valueOf(max) : t.substring(slash + 1);
        if (!prefixText.matches("[0-9]{1,3}")) {
            throw new IllegalArgumentException("'" + text + "': prefix length is not a number");
        }
        int prefix = Integer.parseInt(prefixText);
        if (prefix > max) {
            throw new IllegalArgumentException("'" + text + "': prefix length must be 0-" + max);
        }
        return new Cidr(mask(bytes, prefix), prefix, t);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        return a.length == network.length && Arrays.equals(mask(a, prefixLength), network);
    }

    /** True when every address of this prefix lies inside {@code outer}. */
    public boolean within(Cidr outer) {
        return network.length == outer.network.length && prefixLength >= outer.prefixLength
                && Arrays.equals(mask(network, outer.prefixLength), outer.network);
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
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixLength == prefixLength && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        return text;
    }
}
