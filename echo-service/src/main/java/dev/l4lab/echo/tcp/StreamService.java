package dev.l4lab.echo.tcp;

import io.vertx.core.buffer.Buffer;

/** What a TCP listener does with a connection once any PROXY header has been consumed. */
interface StreamService {

    /** The connection is ready for application data. */
    void start();

    /** Application bytes from the client (already counted). */
    void onData(Buffer data);

    /** The client half-closed (FIN). */
    void onInputShutdown();
}
