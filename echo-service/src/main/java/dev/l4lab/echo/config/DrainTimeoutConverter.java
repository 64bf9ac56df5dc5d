package dev.l4lab.echo.config;

import io.quarkus.runtime.configuration.DurationConverter;
import java.time.Duration;
import org.eclipse.microprofile.config.spi.Converter;

/** The shutdown drain: 0 (close at once) .. 60 s. */
public final class DrainTimeoutConverter implements Converter<Duration> {

    private static final Duration MAX = Duration.ofSeconds(60);
    private final DurationConverter durations = new DurationConverter();

    @Override
    public Duration convert(String value) {
        Duration d = durations.convert(value);
        if (d == null) {
            throw new IllegalArgumentException("empty duration");
        }
        if (d.isNegative() || d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("duration " + value + " is out of range 0..60 s");
        }
        return d;
    }
}
