package dev.l4lab.probe.tcp;

/** Turns received bytes into safe, readable text. */
public final class Texts {

    private Texts() {
    }

    /** ISO-8859-1 decode, escaping control characters other than \r \n \t. */
    public static String printable(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c == '\r' || c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7F)) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.toString();
    }

    public static String latin1(byte[] bytes) {
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
