package dev.l4lab.echo.proxy;

/** The v2 command nibble; v1 headers are always PROXY. */
public enum ProxyCommand {
    /** Connection made by the proxy itself (health check): use the real endpoints. */
    LOCAL,
    /** Relayed connection: the header carries the original endpoints. */
    PROXY
}
