package dev.l4lab.echo.proxy;

import java.net.InetSocketAddress;

/**
 * A decoded PROXY protocol header.
 *
 * @param version     1 (text) or 2 (binary)
 * @param command     LOCAL or PROXY
 * @param family      TCP4, TCP6, UDP4, UDP6, UNIX, UNSPEC (v2) or UNKNOWN (v1)
 * @param source      the original client, or null when the header carries none (LOCAL, UNKNOWN, UNSPEC, UNIX)
 * @param destination the original destination, or null likewise
 * @param length      bytes the header occupied on the wire
 */
public record ProxyHeader(int version, ProxyCommand command, String family,
                          InetSocketAddress source, InetSocketAddress destination, int length) {

    /** True when the header names a client address that should replace the socket's peer. */
    public boolean carriesClient() {
        return source != null;
    }
}
