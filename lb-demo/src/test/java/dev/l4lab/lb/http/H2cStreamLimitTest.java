package dev.l4lab.lb.http;

import static dev.l4lab.lb.support.Clients.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.l4lab.lb.LbRuntime;
import dev.l4lab.lb.support.HttpTestBackends;
import dev.l4lab.lb.support.TestBackends;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An h2c client may not hold more than {@link HttpLimits#H2_STREAMS} streams open on one connection, even one that
 * never acknowledges our SETTINGS (Netty enforces SETTINGS_MAX_CONCURRENT_STREAMS only after the acknowledgement).
 */
@QuarkusTest
@QuarkusTestResource(TestBackends.class)
@QuarkusTestResource(HttpTestBackends.class)
class H2cStreamLimitTest {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADERS = 0x1;
    private static final int RST_STREAM = 0x3;
    private static final int SETTINGS = 0x4;
    private static final int GOAWAY = 0x7;
    private static final int FLAG_END_HEADERS = 0x4;
    private static final int REFUSED_STREAM = 0x7;

    @Inject
    LbRuntime runtime;

    @Test
    void aClientThatNeverAcknowledgesSettingsStillGetsStreamsBeyondTheLimitRefused() throws Exception {
        try (Socket s = connect(runtime.port("echo-l7"))) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(PREFACE);
            frame(out, SETTINGS, 0, 0, new byte[0]); // and never an ACK of the server's SETTINGS
            // POSTs to a backend that answers late, with bodies that never come, keep their streams open; the one
            // past the limit must be refused at once
            int refused = 2 * HttpLimits.H2_STREAMS + 1;
            for (int id = 1; id <= refused; id += 2) {
                frame(out, HEADERS, FLAG_END_HEADERS, id, postHeaderBlock());
            }
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                byte[] head = new byte[9];
                in.readFully(head);
                int length = (head[0] & 0xff) << 16 | (head[1] & 0xff) << 8 | head[2] & 0xff;
                int type = head[3];
                int stream = ByteBuffer.wrap(head, 5, 4).getInt() & 0x7fffffff;
                byte[] payload = new byte[length];
                in.readFully(payload);
                if (type == GOAWAY) {
                    fail("the connection was ended instead of one stream refused: GOAWAY");
                }
                if (type == RST_STREAM) {
                    assertEquals(refused, stream, "the stream beyond the limit is the one refused");
                    assertEquals(REFUSED_STREAM, ByteBuffer.wrap(payload).getInt());
                    return;
                }
                assertTrue(stream != refused || type != HEADERS, "the stream beyond the limit was served");
            }
            fail("stream " + (2 * HttpLimits.H2_STREAMS + 1) + " was not refused within 10 s");
        }
    }

    /** POST /slow?ms=5000 as HPACK literals without indexing (RFC 7541 6.2.2), no Huffman: no dynamic table to track. */
    private static byte[] postHeaderBlock() {
        ByteBuffer b = ByteBuffer.allocate(64);
        literal(b, 2, "POST");     // :method
        literal(b, 6, "http");     // :scheme
        literal(b, 4, "/slow?ms=5000");  // :path
        literal(b, 1, "lb.test");  // :authority
        byte[] block = new byte[b.position()];
        b.flip().get(block);
        return block;
    }

    private static void literal(ByteBuffer b, int staticNameIndex, String value) {
        b.put((byte) staticNameIndex);
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        b.put((byte) v.length).put(v);
    }

    private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(9);
        h.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length)
                .put((byte) type).put((byte) flags).putInt(stream);
        out.write(h.array());
        out.write(payload);
    }
}
