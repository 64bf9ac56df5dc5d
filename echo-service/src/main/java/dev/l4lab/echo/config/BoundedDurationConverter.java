package dev.l4lab.echo.config;

import io.quarkus.runtime.configuration.DurationConverter;
import java.time.Duration;
import org.eclipse.microprofile.config.spi.Converter;

/** A Quarkus-style duration ("5M", "500ms", "PT1S") from 0 to a maximum; SmallRye adds the key to the message. */
abstract class BoundedDurationConverter implements Converter<Duration> {

    private final Duration max;
    private final String maxText;
    private final DurationConverter durations = new DurationConverter();

    BoundedDurationConverter(Duration max, String maxText) {
        this.max = max;
        this.maxText = maxText;
    }

    @Override
    public Duration convert(String value) {
        Duration d = durations.convert(value);
        if (d == null) {
            throw new IllegalArgumentException("empty duration");
        }
        if (d.isNegative() || d.compareTo(max) > 0) {
            throw new IllegalArgumentException("duration " + value + " is out of range 0.." + maxText);
        }
        return d;
    }
}
