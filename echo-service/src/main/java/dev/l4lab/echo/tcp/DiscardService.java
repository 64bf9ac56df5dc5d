package dev.l4lab.echo.tcp;

import io.vertx.core.buffer.Buffer;

/** RFC 863: read and throw away; close when the client is done sending. */
final class DiscardService implements StreamService {

    private final TcpConnection connection;

    DiscardService(TcpConnection connection) {
        this.connection = connection;
    }

    @Override
    public void start() {
        // nothing to send
    }

    @Override
    public void onData(Buffer data) {
        // counted by the connection; dropped here
    }

    @Override
    public void onInputShutdown() {
        connection.end();
    }

    @Override
    public boolean idle() {
        return true;
    }
}
