package dev.l4lab.probe.config;

import java.nio.charset.StandardCharsets;

/** The configured bearer token; never printed. */
public final class BearerToken {

    static final int MIN_LENGTH = 8;

    private final byte[] bytes;

    BearerToken(String value) {
        if (value.length() < MIN_LENGTH || !value.matches("[\\x21-\\x7E]+")) {
            throw new IllegalArgumentException("a bearer token is at least " + MIN_LENGTH
                    + " printable ASCII characters without spaces");
        }
        this.bytes = value.getBytes(StandardCharsets.US_ASCII);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public String toString() {
        return "BearerToken[***]";
    }
}
