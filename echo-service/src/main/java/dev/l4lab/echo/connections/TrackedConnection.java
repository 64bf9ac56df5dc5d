package dev.l4lab.echo.connections;

import java.time.Instant;

/**
 * Live state of one TCP connection. Written only by its event loop, read by REST and shutdown threads:
 * volatile is enough for a single writer. The owner registers a {@link Control} so that shutdown can ask
 * the connection to drain or close on its own event loop.
 */
public final class TrackedConnection {

    /** What shutdown may ask of a connection; implementations hop to the connection's event loop. */
    public interface Control {
        /** Finish echoing what has been received, then close. */
        void drain();

        /** Close now. */
        void close();
    }

    private final long id;
    private final ListenerKind listener;
    private final Endpoint peer;
    private final Instant startedAt = Instant.now();
    private volatile Phase phase = Phase.OPEN;
    private volatile Endpoint proxyClient;
    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile Control control;

    TrackedConnection(long id, ListenerKind listener, Endpoint peer) {
        this.id = id;
        this.listener = listener;
        this.peer = peer;
    }

    public long id() {
        return id;
    }

    public ListenerKind listener() {
        return listener;
    }

    public void phase(Phase next) {
        this.phase = next;
    }

    public void proxyClient(Endpoint client) {
        this.proxyClient = client;
    }

    public void control(Control c) {
        this.control = c;
    }

    Control control() {
        return control;
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
        return new ConnectionView(id, listener.label(), phase.label(), peer, proxyClient, startedAt.toString(),
            bytesIn, bytesOut);
    }
}
