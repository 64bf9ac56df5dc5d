package dev.l4lab.echo.config;

/** Maximum concurrent TCP connections: 1..1000000. */
public final class MaxConnectionsConverter extends RangedIntConverter {

    public MaxConnectionsConverter() {
        super(1, ResourceBudget.MAX_CONNECTIONS_CAP, "max-connections");
    }
}
