package dev.l4lab.echo.config;

import java.time.Duration;

/** The PROXY header deadline: above 0 (it is what cuts off headers sent a byte at a time), at most one day. */
public final class HeaderTimeoutConverter extends BoundedDurationConverter {

    public HeaderTimeoutConverter() {
        super(Duration.ofDays(1), "1 day");
    }

    @Override
    public Duration convert(String value) {
        Duration d = super.convert(value);
        if (d.isZero()) {
            throw new IllegalArgumentException("duration " + value + " must be above 0: without a deadline a header"
                + " sent a byte at a time holds its connection until the idle timeout");
        }
        return d;
    }
}
