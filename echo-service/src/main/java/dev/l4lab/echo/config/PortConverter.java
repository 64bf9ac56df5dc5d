package dev.l4lab.echo.config;

import org.eclipse.microprofile.config.spi.Converter;

/** A TCP/UDP port, 0..65535 (0 = any free port, used by tests). SmallRye names the key on failure. */
public final class PortConverter implements Converter<Integer> {

    @Override
    public Integer convert(String value) {
        int port;
        try {
            port = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a port number (0..65535)");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 0..65535");
        }
        return port;
    }
}
