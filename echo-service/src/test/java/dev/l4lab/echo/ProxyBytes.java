package dev.l4lab.echo;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds PROXY protocol headers byte by byte, per proxy-protocol.txt, for tests. */
public final class ProxyBytes {

    public static final byte[] V2_SIGNATURE = {
        0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private ProxyBytes() {
    }

    /** signature, ver_cmd, fam, 16-bit length, body. */
    public static byte[] v2(int verCmd, int family, byte[] body) {
        return concat(V2_SIGNATURE, new byte[] {(byte) verCmd, (byte) family}, u16(body.length), body);
    }

    /** A v2 PROXY TCP4 header for src:sport -> dst:dport. */
    public static byte[] v2Tcp4(byte[] src, int sport, byte[] dst, int dport) {
        return v2(0x21, 0x11, concat(src, dst, u16(sport), u16(dport)));
    }

    public static byte[] u16(int v) {
        return new byte[] {(byte) (v >> 8), (byte) v};
    }

    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
