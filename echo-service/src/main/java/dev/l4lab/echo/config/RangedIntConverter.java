package dev.l4lab.echo.config;

import org.eclipse.microprofile.config.spi.Converter;

/** A whole number within [min, max]; the message says which range, SmallRye adds the key. */
abstract class RangedIntConverter implements Converter<Integer> {

    private final int min;
    private final int max;
    private final String what;

    RangedIntConverter(int min, int max, String what) {
        this.min = min;
        this.max = max;
        this.what = what;
    }

    @Override
    public Integer convert(String value) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not " + what + " (" + min + ".." + max + ")");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(what + " " + n + " is out of range " + min + ".." + max);
        }
        return n;
    }
}
