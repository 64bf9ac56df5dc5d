package dev.l4lab.probe.net;

import java.nio.charset.StandardCharsets;

/** Turns received bytes into safe, readable text. */
public final class WireText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private WireText() {
    }

    /** ISO-8859-1 decode, escaping control characters other than \r \n \t as \xNN. */
    public static String printable(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c == '\r' || c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7F)) {
                sb.append((char) c);
            } else {
                sb.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return sb.toString();
    }

    /** One char per byte, so a regex sees exactly the bytes that came in. */
    public static String latin1(byte[] bytes, int length) {
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }
}
