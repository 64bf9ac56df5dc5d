package dev.l4lab.lb.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.support.Clients;
import dev.l4lab.lb.support.Http1;
import dev.l4lab.lb.support.Http1.Response;
import dev.l4lab.lb.support.HttpTestBackends;
import dev.l4lab.lb.support.KernelQueues;
import dev.l4lab.lb.support.Payload;
import dev.l4lab.lb.support.RecordingHttpBackend.Received;
import dev.l4lab.lb.support.TestBackends;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * Bodies stream through the L7 frontend byte-exact and with backpressure: a client that stops reading stalls the
 * backend's writes, a backend that stops reading stalls the client's sending, so the LB never holds a whole body.
 * Once a transfer stalls, its bytes are in the kernel's socket queues (the LB's sockets autotune to several MiB on
 * loopback: a plain relay holds 4 to 9 MiB there) or in the LB's memory; {@link KernelQueues} tells them apart, and
 * only the LB's own share is bounded.
 */
@QuarkusTest
@QuarkusTestResource(TestBackends.class)
@QuarkusTestResource(HttpTestBackends.class)
class StreamingTest extends RecordedBackendTest {

    private static final int MIB = 1024 * 1024;
    private static final int SMALL_BUFFER = 64 * 1024;
    /** What the LB itself may hold of a stalled body: a few read buffers and its write queue's high-water mark. */
    private static final long LB_HELD_BOUND = MIB;

    @Test
    void aOneMibRequestBodyArrivesByteExact() throws Exception {
        long size = MIB;
        try (Http1 c = Http1.open(port())) {
            c.send("POST /upload HTTP/1.1\r\nHost: lb.test\r\nContent-Length: " + size + "\r\n\r\n");
            Payload.writeTo(c.socket().getOutputStream(), size, new AtomicLong());
            assertEquals(200, c.read().status());
        }
        Received r = backend.received().get(0);
        assertEquals(size, r.bodyLength());
        assertEquals(Payload.crc32(size), r.bodyCrc32(), "request body byte-exact");
    }

    @Test
    void aSixteenMibResponseBodyArrivesByteExact() throws Exception {
        long size = 16L * MIB;
        try (Http1 c = Http1.open(port())) {
            c.send("GET /bytes?n=" + size + " HTTP/1.1\r\nHost: lb.test\r\n\r\n");
            Response r = c.read();
            assertEquals(200, r.status());
            assertEquals(size, r.bodyLength());
            assertEquals(Payload.crc32(size), r.bodyCrc32(), "response body byte-exact");
            c.send("GET /next HTTP/1.1\r\nHost: lb.test\r\n\r\n");
            assertEquals("ok", c.read().bodyText(), "the connection is framed right after 16 MiB");
        }
    }

    @Test
    void aChunkedResponseArrivesByteExactAndFramedForTheNextRequest() throws Exception {
        long size = 4L * MIB + 7;
        try (Http1 c = Http1.open(port())) {
            c.send("GET /chunked-bytes?n=" + size + " HTTP/1.1\r\nHost: lb.test\r\n\r\n");
            Response r = c.read();
            assertEquals(200, r.status());
            assertEquals(size, r.bodyLength());
            assertEquals(Payload.crc32(size), r.bodyCrc32(), "chunked response body byte-exact");
            c.send("GET /next HTTP/1.1\r\nHost: lb.test\r\n\r\n");
            assertEquals("ok", c.read().bodyText(), "the connection is framed right after the chunked body");
        }
    }

    @Test
    void aClientThatStopsReadingStallsTheBackendsWritesThenGetsEverything() throws Exception {
        long size = 16L * MIB;
        try (Http1 slow = Http1.openWithReceiveBuffer(port(), SMALL_BUFFER)) {
            slow.send("GET /bytes?n=" + size + " HTTP/1.1\r\nHost: lb.test\r\n\r\n");
            long stalledAt = stalledValue("backend response writes", backend::responseBytesWritten);
            long inKernel = KernelQueues.queuedBytes(slow.socket().getLocalPort(), backend.port());
            long heldByLb = stalledAt - inKernel;
            assertTrue(stalledAt < size && heldByLb < LB_HELD_BOUND, "to a client that reads nothing the backend "
                    + "wrote " + stalledAt + " of " + size + " bytes, " + inKernel + " of them in kernel queues: the LB "
                    + "holds " + heldByLb + " (bound " + LB_HELD_BOUND + ")");
            // While that one is stalled, another client is served normally on its own connection.
            try (Http1 other = Http1.open(port())) {
                other.send("GET /other HTTP/1.1\r\nHost: lb.test\r\n\r\n");
                assertEquals("ok", other.read().bodyText());
            }
            Response r = slow.read();
            assertEquals(size, r.bodyLength());
            assertEquals(Payload.crc32(size), r.bodyCrc32(), "byte-exact after the stall");
        }
    }

    @Test
    void aBackendThatStopsReadingStallsTheClientsSending() throws Exception {
        long size = 64L * MIB;
        AtomicLong sent = new AtomicLong();
        try (Http1 c = Http1.openWithSendBuffer(port(), SMALL_BUFFER)) {
            c.send("POST /hold-body HTTP/1.1\r\nHost: lb.test\r\nContent-Length: " + size + "\r\n\r\n");
            CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
                try {
                    Payload.writeTo(c.socket().getOutputStream(), size, sent);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Clients.await("the backend holds the request", Duration.ofSeconds(10), () -> backend.holding() == 1);
            long stalledAt = stalledValue("client body bytes sent", sent::get);
            long inKernel = KernelQueues.queuedBytes(c.socket().getLocalPort(), backend.port());
            long heldByLb = stalledAt - backend.bytesRead() - inKernel;
            assertTrue(stalledAt < size && heldByLb < LB_HELD_BOUND, "to a backend that reads nothing the client "
                    + "sent " + stalledAt + " of " + size + " bytes, " + inKernel + " of them in kernel queues and "
                    + backend.bytesRead() + " read by the backend: the LB holds " + heldByLb + " (bound "
                    + LB_HELD_BOUND + ")");
            backend.releaseHeldBody();
            upload.get(60, TimeUnit.SECONDS);
            assertEquals(200, c.read().status());
        }
        List<Received> seen = backend.received();
        assertEquals(size, seen.get(0).bodyLength());
        assertEquals(Payload.crc32(size), seen.get(0).bodyCrc32(), "byte-exact after the stall");
    }

    /**
     * Waits (generously) until a growing counter stops growing for two seconds and returns where it stopped; fails
     * if it is still growing after 30 s.
     */
    private static long stalledValue(String what, LongSupplier counter) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long last = counter.getAsLong();
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(100);
            long now = counter.getAsLong();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            } else if (last > 0 && System.nanoTime() - since > TimeUnit.SECONDS.toNanos(2)) {
                return last;
            }
        }
        throw new AssertionError(what + " never stalled within 30 s (at " + last + ")");
    }
}
