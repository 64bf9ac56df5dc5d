package dev.l4lab.echo.tcp;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * RFC 864: the classic rotating pattern of 72-character lines over the 95 printable ASCII characters.
 * Writes only while the socket's write queue has room, and continues on drain: a slow reader slows us.
 * Keeps sending after the client's FIN; the client ends it by closing.
 */
final class ChargenService implements StreamService {

    static final int LINE_LENGTH = 72;
    private static final int PRINTABLE = 95;
    /** One full rotation: 95 lines of 72 chars + CRLF = 7030 bytes. */
    static final byte[] CYCLE = buildCycle();

    private final TcpConnection connection;

    ChargenService(TcpConnection connection) {
        this.connection = connection;
    }

    @Override
    public void start() {
        connection.socket().drainHandler(v -> produce());
        produce();
    }

    private void produce() {
        while (!connection.isClosed() && !connection.socket().writeQueueFull()) {
            connection.write(Buffer.buffer(CYCLE));
        }
    }

    @Override
    public void onData(Buffer data) {
        // input is ignored (but counted)
    }

    /** RFC 864 sends "until the calling user terminates the connection": a half-close is not that. */
    @Override
    public void onInputShutdown() {
        // keep generating; a client that really closed answers our next write with RST, which ends it
    }

    private static byte[] buildCycle() {
        StringBuilder sb = new StringBuilder(PRINTABLE * (LINE_LENGTH + 2));
        for (int line = 0; line < PRINTABLE; line++) {
            for (int i = 0; i < LINE_LENGTH; i++) {
                sb.append((char) (' ' + (line + i) % PRINTABLE));
            }
            sb.append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
