package dev.l4lab.echo.config;

import io.quarkus.runtime.configuration.DurationConverter;
import java.time.Duration;
import org.eclipse.microprofile.config.spi.Converter;

/** A Quarkus-style duration ("5M", "500ms", "PT1S") that must be 0 (disabled) or positive, at most one day. */
public final class TimeoutConverter implements Converter<Duration> {

    private static final Duration MAX = Duration.ofDays(1);
    private final DurationConverter durations = new DurationConverter();

    @Override
    public Duration convert(String value) {
        Duration d = durations.convert(value);
        if (d == null) {
            throw new IllegalArgumentException("empty duration");
        }
        if (d.isNegative() || d.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("duration " + value + " is out of range 0..1 day");
        }
        return d;
    }
}
