package dev.l4lab.echo.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import org.eclipse.microprofile.config.spi.Converter;

/** A size such as "16K", "4M" or "2048" (bytes) within [min, max]; SmallRye adds the key to the message. */
abstract class ByteSizeConverter implements Converter<Integer> {

    private final int min;
    private final int max;
    private final MemorySizeConverter sizes = new MemorySizeConverter();

    ByteSizeConverter(int min, int max) {
        this.min = min;
        this.max = max;
    }

    @Override
    public Integer convert(String value) {
        MemorySize size;
        try {
            size = sizes.convert(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' is not a size (e.g. 16K, 4M) in " + range());
        }
        if (size == null) {
            throw new IllegalArgumentException("empty size");
        }
        long bytes = size.asLongValue();
        if (bytes < min || bytes > max) {
            throw new IllegalArgumentException("size " + value + " (" + bytes + " bytes) is out of range " + range());
        }
        return (int) bytes;
    }

    private String range() {
        return Bytes.text(min) + ".." + Bytes.text(max);
    }
}
