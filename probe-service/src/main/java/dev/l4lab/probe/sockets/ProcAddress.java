package dev.l4lab.probe.sockets;

import java.nio.ByteOrder;

/**
 * Decodes the hex addresses of /proc/net/{tcp,udp}{,6}. The kernel prints each 32-bit word of the
 * network-order address with %08X as a host-order integer, so on little-endian hosts the bytes of every
 * word appear reversed ("0100007F" is 127.0.0.1). IPv6 is four such words.
 */
public final class ProcAddress {

    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private ProcAddress() {
    }

    /** "0100007F" or 32 hex digits to the address bytes in network order. */
    public static byte[] decode(String hex) {
        if (hex.length() != 8 && hex.length() != 32) {
            throw new IllegalArgumentException("bad /proc address '" + hex + "'");
        }
        return decode(hex, LITTLE_ENDIAN);
    }

    static byte[] decode(String hex, boolean littleEndian) {
        byte[] out = new byte[hex.length() / 2];
        for (int word = 0; word < out.length / 4; word++) {
            long v = Long.parseLong(hex.substring(word * 8, word * 8 + 8), 16);
            for (int i = 0; i < 4; i++) {
                int shift = littleEndian ? 8 * i : 8 * (3 - i);
                out[word * 4 + i] = (byte) (v >>> shift);
            }
        }
        return out;
    }
}
