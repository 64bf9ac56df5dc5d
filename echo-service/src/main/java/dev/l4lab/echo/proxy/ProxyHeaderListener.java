package dev.l4lab.echo.proxy;

import java.net.InetSocketAddress;

/** Told exactly once, on the channel's event loop, how the PROXY header phase ended. */
public interface ProxyHeaderListener {

    /**
     * The header was accepted; the bytes after it follow as ordinary reads.
     *
     * @param source the client the header names, or null when it names none (LOCAL, UNKNOWN, UNSPEC, UNIX)
     */
    void accepted(InetSocketAddress source);

    /** The header was refused; the channel is being closed. */
    void rejected(ProxyReject reason, String detail);
}
