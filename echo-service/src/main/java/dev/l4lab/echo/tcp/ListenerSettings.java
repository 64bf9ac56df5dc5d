package dev.l4lab.echo.tcp;

import dev.l4lab.echo.config.ProxyMode;
import dev.l4lab.echo.connections.ListenerKind;

/** The per-listener part of the configuration, in one shape for all three TCP services. */
public record ListenerSettings(ListenerKind kind, int port, ProxyMode proxyMode) {
}
