package dev.l4lab.echo.config;

import org.eclipse.microprofile.config.spi.Converter;

/** Maximum concurrent TCP connections: 1..1000000. */
public final class MaxConnectionsConverter implements Converter<Integer> {

    public static final int MAX = 1_000_000;

    @Override
    public Integer convert(String value) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a whole number (1.." + MAX + ")");
        }
        if (n < 1 || n > MAX) {
            throw new IllegalArgumentException(n + " is out of range 1.." + MAX);
        }
        return n;
    }
}
