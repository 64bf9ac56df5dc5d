package dev.l4lab.lb.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.support.Clients;
import dev.l4lab.lb.support.H2Wire;
import dev.l4lab.lb.support.H2Wire.Frame;
import dev.l4lab.lb.support.HttpTestBackends;
import dev.l4lab.lb.support.TestBackends;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * h2c clients that open more streams than allowed, reset a stream mid-response, never open their flow-control
 * window, send GOAWAY or vanish, and backends whose interim answers or broken-off responses must reach an HTTP/2
 * stream in its own terms: every stream ends (answer or RST_STREAM), and nothing is left behind.
 */
@QuarkusTest
@QuarkusTestResource(TestBackends.class)
@QuarkusTestResource(HttpTestBackends.class)
class H2HostileTest extends HostileTest {

    private static final int CANCEL = 0x8;
    private static final int WINDOW = 65_535;

    /** Reads until the stream's end (END_STREAM or RST_STREAM); the statuses of its HEADERS frames in order. */
    private static String until(H2Wire h2, int stream) throws Exception {
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            Frame f = h2.read();
            assertNotNull(f, "connection closed before stream " + stream + " ended: " + seen);
            if (f.stream() != stream) {
                continue;
            }
            if (f.type() == H2Wire.HEADERS) {
                seen.append(h2.status(f)).append(' ');
            } else if (f.type() == H2Wire.DATA && f.payload().length > 0) {
                h2.windowUpdate(0, f.payload().length);
                h2.windowUpdate(stream, f.payload().length);
            }
            if (f.type() == H2Wire.RST_STREAM) {
                return seen.append("RST").toString();
            }
            if (f.endStream()) {
                return seen.toString().trim();
            }
        }
        throw new AssertionError("stream " + stream + " never ended");
    }

    @Test
    void interimAnswersReachAStreamAsHeadersBeforeTheFinalOne() throws Exception {
        try (H2Wire h2 = H2Wire.open(port(), WINDOW)) {
            h2.request(1, "GET", "/interim?n=3", true);
            assertEquals("100 103 100 200", until(h2, 1));
            h2.request(3, "GET", "/next", true);
            assertEquals("200", until(h2, 3), "the connection still serves streams");
        }
        assertNothingLeaked();
    }

    @Test
    void aBackendThatClosesMidBodyResetsTheStreamOnly() throws Exception {
        try (H2Wire h2 = H2Wire.open(port(), WINDOW)) {
            h2.request(1, "GET", "/close-mid-body", true);
            assertEquals("200 RST", until(h2, 1));
            h2.request(3, "GET", "/next", true);
            assertEquals("200", until(h2, 3));
        }
        assertNothingLeaked();
    }

    @Test
    void fortyStreamsAtOnceAllEndAndTheConnectionStaysUsable() throws Exception {
        int n = 40;
        try (H2Wire h2 = H2Wire.open(port(), WINDOW)) {
            for (int i = 0; i < n; i++) {
                h2.request(1 + 2 * i, "GET", "/next", true);
            }
            Set<Integer> ended = new HashSet<>();
            Map<Integer, String> how = new HashMap<>();
            for (int i = 0; i < 100_000 && ended.size() < n; i++) {
                Frame f = h2.read();
                assertNotNull(f, "connection closed with streams open: " + how);
                if (f.type() == H2Wire.GOAWAY) {
                    throw new AssertionError("GOAWAY " + f.errorCode() + " after " + how);
                }
                if (f.type() == H2Wire.HEADERS) {
                    how.merge(f.stream(), String.valueOf(h2.status(f)), (a, b) -> a + " " + b);
                }
                if (f.type() == H2Wire.RST_STREAM) {
                    how.merge(f.stream(), "RST" + f.errorCode(), (a, b) -> a + " " + b);
                }
                if (f.type() == H2Wire.RST_STREAM || f.endStream()) {
                    ended.add(f.stream());
                }
            }
            assertEquals(n, ended.size(), "every stream ended: " + how);
            assertTrue(how.values().stream().allMatch(v -> v.equals("200") || v.equals("503") || v.startsWith("RST")),
                    how.toString());
            h2.request(1 + 2 * n, "GET", "/next", true);
            assertEquals("200", until(h2, 1 + 2 * n));
        }
        assertNothingLeaked();
    }

    @Test
    void aStreamResetMidResponseEndsItsExchange() throws Exception {
        try (H2Wire h2 = H2Wire.open(port(), WINDOW)) {
            h2.request(1, "GET", "/stream?n=5000000", true);
            Frame f;
            do {
                f = h2.read();
                assertNotNull(f);
            } while (f.type() != H2Wire.DATA);
            h2.rst(1, CANCEL);
            Clients.await("the backend connection of the reset stream is closed", Duration.ofSeconds(10),
                    () -> backend.open() == 0);
            h2.request(3, "GET", "/next", true);
            assertEquals("200", until(h2, 3));
        }
        assertNothingLeaked();
    }

    @Test
    void aClientThatNeverOpensItsWindowHasItsStreamResetAtTheIdleTimeout() throws Exception {
        try (H2Wire h2 = H2Wire.open(port(), 1024)) {
            h2.request(1, "GET", "/stream?n=5000000", true);
            long start = System.nanoTime();
            Frame f;
            do {
                f = h2.read();
                assertNotNull(f, "the connection closed instead of the stream being reset");
            } while (!(f.stream() == 1 && (f.type() == H2Wire.RST_STREAM || f.endStream())));
            assertEquals(H2Wire.RST_STREAM, f.type(), "a stalled response is given up, not completed");
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(15).toNanos());
            Clients.await("the stalled backend connection is closed", Duration.ofSeconds(10), () -> backend.open() == 0);
        }
        assertNothingLeaked();
    }

    @Test
    void aGoawayFromTheClientLetsItsOpenStreamFinish() throws Exception {
        try (H2Wire h2 = H2Wire.open(port(), WINDOW)) {
            h2.request(1, "GET", "/stream?n=20000", true);
            h2.goaway(0, 0);
            assertEquals("200", until(h2, 1));
        }
        assertNothingLeaked();
    }

    @Test
    void aClientThatVanishesWithStreamsOpenLeavesNothing() throws Exception {
        try (H2Wire h2 = H2Wire.open(port(), WINDOW)) {
            h2.request(1, "GET", "/never", true);
            h2.request(3, "POST", "/upload", false);
            h2.data(3, new byte[1000], false);
            Clients.await("the backend has both", Duration.ofSeconds(10), () -> backend.requests() >= 1);
        }
        assertNothingLeaked();
    }

    @Test
    void aRapidResetFloodIsCutOffAndLeavesNothing() throws Exception {
        int n = 1000;
        try (H2Wire h2 = H2Wire.open(port(), WINDOW)) {
            try {
                for (int i = 0; i < n; i++) {
                    h2.request(1 + 2 * i, "GET", "/next", true);
                    h2.rst(1 + 2 * i, CANCEL);
                }
            } catch (IOException cutOff) {
                // the LB closed the connection: what it refused to read is the point
            }
            // GOAWAY (ENHANCE_YOUR_CALM) and the close; the close's RST may destroy the GOAWAY before it is read
            for (int i = 0; i < 100_000 && readUntilEnd(h2); i++) {
                // frames until the LB ends the connection
            }
        }
        assertTrue(backend.requests() < n, "not every reset stream reached the backend: " + backend.requests());
        assertNothingLeaked();
    }

    /** False once the connection has ended (EOF or reset); a read timeout fails: the LB never cut the flood off. */
    private static boolean readUntilEnd(H2Wire h2) {
        try {
            return h2.read() != null;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the LB never ended the connection of a rapid-reset flood", e);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * An h2c client that opens its flow-control windows wide, then opens stream after stream and reads nothing (most
     * get a 503 of ~200 bytes from the LB itself, at max-connections 3): only the LB's own write queue can stop it
     * from answering without bound. 100 000 answers are ~20 MB, more than a loopback socket's kernel queues hold.
     */
    @Test
    void aStreamOpenerThatReadsNothingIsNotAnsweredWithoutBound() throws Exception {
        int n = 100_000;
        long before = requestsTaken();
        Socket raw = new Socket();
        raw.setReceiveBufferSize(16 * 1024);
        raw.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), 2000);
        try (H2Wire h2 = H2Wire.over(raw, Integer.MAX_VALUE)) {
            h2.windowUpdate(0, Integer.MAX_VALUE - WINDOW);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < n; i++) {
                        h2.request(1 + 2 * i, "GET", "/" + i, true);
                    }
                } catch (IOException e) {
                    // closed by the LB
                }
            });
            long taken = requestsTakenWhenStalled() - before;
            assertTrue(taken < n / 2, "to a client that reads nothing the LB answered " + taken + " of " + n
                    + " streams");
            writer.cancel(true);
        }
        assertNothingLeaked();
    }

    /**
     * A backend that answers before the request body is in: the stream's answer is complete, and the rest of the
     * body is refused with RST_STREAM (RFC 9113 8.1), not left waiting for a flow-control window that never opens.
     */
    @Test
    void anAnswerBeforeTheRequestBodyEndsTheStreamWithAReset() throws Exception {
        try (H2Wire h2 = H2Wire.open(port(), WINDOW)) {
            h2.request(1, "POST", "/early", false);
            h2.data(1, new byte[1000], false);
            assertEquals("200 RST", untilReset(h2, 1));
            h2.request(3, "GET", "/next", true);
            assertEquals("200", until(h2, 3));
        }
        assertNothingLeaked();
    }

    /** The statuses of a stream's HEADERS, then "RST" when it is reset (END_STREAM does not end the wait). */
    private static String untilReset(H2Wire h2, int stream) throws Exception {
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            Frame f = h2.read();
            assertNotNull(f, "connection closed before stream " + stream + " was reset: " + seen);
            if (f.stream() == stream && f.type() == H2Wire.HEADERS) {
                seen.append(h2.status(f)).append(' ');
            }
            if (f.stream() == stream && f.type() == H2Wire.RST_STREAM) {
                return seen.append("RST").toString();
            }
        }
        throw new AssertionError("stream " + stream + " never reset");
    }
}
