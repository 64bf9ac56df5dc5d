package dev.l4lab.echo.tcp;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * RFC 864: the classic rotating pattern of 72-character lines over the 95 printable ASCII characters.
 * Writes one read chunk of the pattern at a time, only while the socket's write queue has room, and
 * continues on drain: a slow reader slows us, and the queue never exceeds its mark by more than a chunk.
 * Keeps sending after the client's FIN; the client ends it by closing.
 */
final class ChargenService implements StreamService {

    static final int LINE_LENGTH = 72;
    private static final int PRINTABLE = 95;
    /** One full rotation: 95 lines of 72 chars + CRLF = 7030 bytes. */
    static final byte[] CYCLE = buildCycle();

    private final TcpConnection connection;
    private final int chunk;
    private int offset;
    private boolean stopped;

    ChargenService(TcpConnection connection, int chunk) {
        this.connection = connection;
        this.chunk = chunk;
    }

    @Override
    public void start() {
        connection.socket().drainHandler(v -> produce());
        produce();
    }

    private void produce() {
        while (!stopped && !connection.isClosed() && !connection.socket().writeQueueFull()) {
            Buffer out = Buffer.buffer(chunk);
            int left = chunk;
            while (left > 0) {
                int n = Math.min(left, CYCLE.length - offset);
                out.appendBytes(CYCLE, offset, n);
                offset = (offset + n) % CYCLE.length;
                left -= n;
            }
            connection.write(out);
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

    @Override
    public boolean idle() {
        return true;
    }

    /** Stop generating, flush what is queued, close. */
    @Override
    public void drain(TcpConnection c) {
        stopped = true;
        c.end();
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
