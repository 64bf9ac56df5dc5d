package dev.l4lab.echo.config;

import java.time.Duration;

/** The shutdown drain: 0 (close at once) .. 60 s. */
public final class DrainTimeoutConverter extends BoundedDurationConverter {

    public DrainTimeoutConverter() {
        super(Duration.ofSeconds(60), "60 s");
    }
}
