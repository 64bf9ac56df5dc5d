package dev.l4lab.echo.config;

/** Maximum concurrent TCP connections: 1..1000000. */
public final class MaxConnectionsConverter extends RangedIntConverter {

    public MaxConnectionsConverter() {
        super(1, 1_000_000, "max-connections");
    }
}
