package dev.l4lab.echo.config;

import org.eclipse.microprofile.config.spi.Converter;

/** An admin bearer token: at least 8 characters, no whitespace (it travels in an HTTP header). */
public final class TokenConverter implements Converter<String> {

    static final int MIN_LENGTH = 8;

    @Override
    public String convert(String value) {
        if (value.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("a token must be at least " + MIN_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) <= ' ' || value.charAt(i) > '~') {
                throw new IllegalArgumentException("a token must be printable ASCII without spaces");
            }
        }
        return value;
    }
}
