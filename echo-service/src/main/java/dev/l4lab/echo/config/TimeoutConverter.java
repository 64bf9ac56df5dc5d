package dev.l4lab.echo.config;

import java.time.Duration;

/** A timeout: 0 (disabled) or positive, at most one day. */
public final class TimeoutConverter extends BoundedDurationConverter {

    public TimeoutConverter() {
        super(Duration.ofDays(1), "1 day");
    }
}
