package dev.l4lab.lb.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.support.Clients;
import dev.l4lab.lb.support.Http1;
import dev.l4lab.lb.support.Http1.Response;
import dev.l4lab.lb.support.HttpTestBackends;
import dev.l4lab.lb.support.Lb;
import dev.l4lab.lb.support.TestBackends;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The L7 frontend against clients that pipeline floods, lie about lengths, break chunk framing, leave halfway or
 * half-close: each gets a well-framed answer or a closed connection, and nothing is left behind.
 */
@QuarkusTest
@QuarkusTestResource(TestBackends.class)
@QuarkusTestResource(HttpTestBackends.class)
class HostileClientTest extends HostileTest {

    @Test
    void twoHundredPipelinedRequestsInOneWriteAreAllAnsweredInOrder() throws Exception {
        int n = 200;
        try (Http1 c = Http1.open(port())) {
            c.send(get("/p").repeat(n));
            for (int i = 0; i < n; i++) {
                Response r = c.read();
                assertEquals(200, r.status(), "response " + i);
                assertEquals("ok", r.bodyText(), "response " + i);
            }
        }
        assertNothingLeaked();
    }

    @Test
    void aMegabyteOfPipelinedGarbageGetsOneAnswerThenA400AndTheClose() throws Exception {
        byte[] garbage = new byte[1024 * 1024];
        Arrays.fill(garbage, (byte) 'x');
        try (Http1 c = Http1.open(port())) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    c.send(get("/first"));
                    c.send(garbage);
                } catch (IOException e) {
                    // the LB closed: what it does not read is not its memory
                }
            });
            assertEquals(200, c.read().status());
            assertEquals(400, c.read().status(), "a request line over 8 KiB");
            assertTrue(c.closedByPeer());
            writer.get(30, TimeUnit.SECONDS);
        }
        assertNothingLeaked();
    }

    @Test
    void aHugeContentLengthWithLittleBodyThenCloseLeavesNothing() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send("POST /big HTTP/1.1\r\nHost: lb.test\r\nContent-Length: 1000000000000000\r\n\r\nabc");
            Clients.await("the backend has the request", Duration.ofSeconds(10), () -> backend.requests() == 1);
        }
        assertNothingLeaked();
    }

    @Test
    void aContentLengthBeyondLongIsRefused() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send("POST /big HTTP/1.1\r\nHost: lb.test\r\nContent-Length: 99999999999999999999999\r\n\r\nabc");
            assertEquals(400, c.read().status());
            assertTrue(c.closedByPeer());
        }
        assertEquals(0, backend.requests(), "never forwarded");
        assertNothingLeaked();
    }

    @Test
    void chunkSizesThatOverflowOrAreNegativeEndTheExchange() throws Exception {
        for (String size : new String[] {"fffffffffffffffffffff", "-1", "0x10", "+5"}) {
            try (Http1 c = Http1.open(port())) {
                c.send("POST /chunks HTTP/1.1\r\nHost: lb.test\r\nTransfer-Encoding: chunked\r\n\r\n" + size
                        + "\r\nhello\r\n0\r\n\r\n");
                String answer = readUntilClose(c, 64 * 1024);
                assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 400") || answer.contains("HTTP/1.1 502"),
                        "chunk size " + size + ": " + answer);
            }
        }
        assertNothingLeaked();
    }

    @Test
    void aHugeChunkExtensionIsNotBufferedWithoutBound() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send("POST /chunks HTTP/1.1\r\nHost: lb.test\r\nTransfer-Encoding: chunked\r\n\r\n5;");
            OutputStream out = c.socket().getOutputStream();
            byte[] ext = ";a=b".repeat(1024).getBytes(StandardCharsets.US_ASCII);
            boolean refused = false;
            for (int i = 0; i < 1024 && !refused; i++) { // up to 4 MiB of one chunk-size line
                try {
                    out.write(ext);
                } catch (IOException e) {
                    refused = true;
                }
            }
            assertTrue(refused || c.closedByPeer(), "a 4 MiB chunk-size line is refused, not held");
        }
        assertNothingLeaked();
    }

    @Test
    void aClientThatLeavesMidRequestBodyLeavesNothing() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send("POST /upload HTTP/1.1\r\nHost: lb.test\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(1000));
            Clients.await("the backend has the request", Duration.ofSeconds(10), () -> backend.requests() == 1);
        }
        assertNothingLeaked();
    }

    @Test
    void aClientThatLeavesMidResponseLeavesNothing() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send(get("/stream?n=1000000"));
            InputStream in = c.socket().getInputStream();
            byte[] some = new byte[2048];
            assertTrue(in.read(some) > 0);
        }
        assertNothingLeaked();
    }

    @Test
    void aClientThatHalfClosesAfterItsRequestStillGetsTheResponse() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send(get("/half"));
            c.socket().shutdownOutput();
            Response r = c.read();
            assertEquals(200, r.status());
            assertEquals("ok", r.bodyText());
            assertTrue(c.closedByPeer(), "after the response the LB closes too");
        }
        assertNothingLeaked();
    }

    @Test
    void aClientThatHalfClosesAfterPipelinedRequestsGetsEveryResponse() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send(get("/a") + get("/b") + get("/c"));
            c.socket().shutdownOutput();
            for (int i = 0; i < 3; i++) {
                assertEquals(200, c.read().status(), "response " + i);
            }
            assertTrue(c.closedByPeer());
        }
        assertNothingLeaked();
    }

    @Test
    void expectContinueFromTheClientGetsTheFinalAnswer() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send("POST /interim?n=1 HTTP/1.1\r\nHost: lb.test\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            c.send("hello");
            Response first = c.read();
            if (first.status() == 100) {
                first = c.read();
            }
            assertEquals(200, first.status());
            assertEquals("ok", first.bodyText());
            c.send(get("/next"));
            assertEquals("ok", c.read().bodyText(), "framed right after the interim answer");
        }
        assertNothingLeaked();
    }

    /** What the LB writes until it closes (at most max bytes, or the read timeout fails the test). */
    static String readUntilClose(Http1 c, int max) throws IOException {
        InputStream in = c.socket().getInputStream();
        byte[] buf = new byte[max];
        int n = 0;
        try {
            for (int r; n < max && (r = in.read(buf, n, max - n)) > 0; ) {
                n += r;
            }
        } catch (IOException reset) {
            // a reset ends it too
        }
        return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
    }

    @Test
    void oddContentLengthsAreRefusedAndNeverForwarded() throws Exception {
        for (String length : new String[] {"-1", "+5", "5 5", "0x5", "1e3"}) {
            try (Http1 c = Http1.open(port())) {
                c.send("POST /odd HTTP/1.1\r\nHost: lb.test\r\nContent-Length: " + length + "\r\n\r\nhello");
                assertEquals(400, c.read().status(), "Content-Length: " + length);
                assertTrue(c.closedByPeer());
            }
        }
        assertEquals(0, backend.requests(), "never forwarded");
        assertNothingLeaked();
    }

    @Test
    void theClientOverMaxConnectionsIsClosedAndTheCountComesBack() throws Exception {
        try (Http1 a = Http1.open(port()); Http1 b = Http1.open(port()); Http1 c = Http1.open(port())) {
            Clients.await("three counted", Duration.ofSeconds(10), () -> Lb.active(FRONTEND) == 3);
            try (Http1 over = Http1.open(port())) {
                assertTrue(over.closedByPeer(), "the fourth is closed at once");
            }
            a.send(get("/a"));
            assertEquals(200, a.read().status());
        }
        assertNothingLeaked();
    }

    @Test
    void twoHostFieldsOrNoneInHttp11AreRefusedAndNeverForwarded() throws Exception {
        String[] heads = {"GET / HTTP/1.1\r\nHost: a.test\r\nHost: b.test\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: a.test, b.test\r\n\r\n", "GET / HTTP/1.1\r\nX-Other: 1\r\n\r\n"};
        for (String head : heads) {
            try (Http1 c = Http1.open(port())) {
                c.send(head);
                assertEquals(400, c.read().status(), head);
                assertTrue(c.closedByPeer());
            }
        }
        assertEquals(0, backend.requests(), "a backend could pick either Host (RFC 9112 3.2: 400)");
        assertNothingLeaked();
    }

    /**
     * A client that pipelines thousands of requests and reads no answer: the LB takes no next request while the
     * answers already written wait (its write queue full), so what it holds stays bounded. 4000 answers of 8 KiB
     * are 32 MiB; the kernel queues of a loopback connection hold a few MiB of them at most.
     */
    @Test
    void aPipeliningClientThatReadsNoAnswerIsNotAnsweredWithoutBound() throws Exception {
        int n = 4000;
        long before = requestsTaken();
        try (Http1 c = Http1.openWithReceiveBuffer(port(), 16 * 1024)) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    c.send(get("/bytes?n=8192").repeat(n));
                } catch (IOException e) {
                    // closed at the idle timeout
                }
            });
            long taken = requestsTakenWhenStalled() - before;
            assertTrue(taken < n / 2, "to a client that reads nothing the LB answered " + taken + " of " + n
                    + " pipelined requests of 8 KiB");
            writer.cancel(true);
        }
        assertNothingLeaked();
    }
}
