package dev.l4lab.echo.tcp;

import io.vertx.core.buffer.Buffer;

/** What a TCP listener does with a connection once any PROXY header has been consumed. */
interface StreamService {

    /** The connection is ready for application data. */
    void start();

    /** Application bytes from the client (already counted); at most one read chunk. */
    void onData(Buffer data);

    /** The client half-closed (FIN); everything it sent before has been delivered. */
    void onInputShutdown();

    /** True when nothing the client sent is waiting to be echoed (shutdown closes a quiet, idle connection). */
    boolean idle();

    /** The service is shutting down: finish and close (by default once the connection is quiet and idle). */
    default void drain(TcpConnection connection) {
        connection.closeWhenQuiet();
    }

    /** The connection closed: cancel timers. */
    default void onClosed() {
    }
}
