package dev.l4lab.probe.net;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * One text form for addresses everywhere (results, ListSockets, metrics): dotted IPv4, RFC 5952 IPv6,
 * v4-mapped addresses as ::ffff:a.b.c.d (the way ss prints them).
 */
public final class AddressText {

    private AddressText() {
    }

    public static String of(InetAddress address) {
        return of(address.getAddress());
    }

    public static String of(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xFF) + "." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + "." + (a[3] & 0xFF);
        }
        if (isV4Mapped(a)) {
            return "::ffff:" + of(Arrays.copyOfRange(a, 12, 16));
        }
        return NetUtil.bytesToIpAddress(a); // RFC 5952: longest zero run compressed, first on ties
    }

    /** Re-formats an IP literal (for example one Vert.x printed); anything else is returned as is. Never DNS. */
    public static String ofLiteral(String literal) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(literal);
        return bytes == null ? literal : of(bytes);
    }

    public static boolean isV4Mapped(byte[] a) {
        if (a.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return (a[10] & 0xFF) == 0xFF && (a[11] & 0xFF) == 0xFF;
    }
}
