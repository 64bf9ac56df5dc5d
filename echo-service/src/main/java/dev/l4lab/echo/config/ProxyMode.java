package dev.l4lab.echo.config;

/**
 * PROXY protocol handling on a TCP listener. There is deliberately no "optional" mode: the spec forbids
 * guessing whether a header is present.
 */
public enum ProxyMode {
    OFF,
    REQUIRED
}
