package dev.l4lab.echo.config;

/** A TCP/UDP port, 0..65535 (0 = any free port, used by tests). */
public final class PortConverter extends RangedIntConverter {

    public PortConverter() {
        super(0, 65535, "port");
    }
}
