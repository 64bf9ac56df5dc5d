package dev.l4lab.echo.connections;

import dev.l4lab.echo.identity.Endpoint;
import dev.l4lab.echo.tcp.ListenerKind;
import java.time.Instant;

/**
 * Live counters of one TCP connection. Written only by its event loop, read by the REST thread:
 * volatile is enough for a single writer.
 */
public final class TrackedConnection {

    private final long id;
    private final ListenerKind listener;
    private final Endpoint peer;
    private final Instant startedAt = Instant.now();
    private volatile Endpoint proxyClient;
    private volatile long bytesIn;
    private volatile long bytesOut;

    public TrackedConnection(long id, ListenerKind listener, Endpoint peer) {
        this.id = id;
        this.listener = listener;
        this.peer = peer;
    }

    public long id() {
        return id;
    }

    public void proxyClient(Endpoint client) {
        this.proxyClient = client;
    }

    @SuppressWarnings("NonAtomicOperationOnVolatileField") // single writer: the connection's event loop
    public void addIn(int n) {
        bytesIn += n;
    }

    @SuppressWarnings("NonAtomicOperationOnVolatileField")
    public void addOut(int n) {
        bytesOut += n;
    }

    public ConnectionView view() {
        return new ConnectionView(id, listener.label(), peer, proxyClient, startedAt.toString(), bytesIn, bytesOut);
    }
}
