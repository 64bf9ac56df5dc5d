package dev.l4lab.lb.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.support.Clients;
import dev.l4lab.lb.support.Http1;
import dev.l4lab.lb.support.Http1.Response;
import dev.l4lab.lb.support.HttpTestBackends;
import dev.l4lab.lb.support.KernelQueues;
import dev.l4lab.lb.support.Lb;
import dev.l4lab.lb.support.TestBackends;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The L7 frontend against backends that break off, answer early, answer twice, send interim answers without end,
 * frame nothing or never answer: the client gets a well-framed answer or sees the connection end, a backend
 * connection that carried anything odd is never reused, and nothing is left behind.
 */
@QuarkusTest
@QuarkusTestResource(TestBackends.class)
@QuarkusTestResource(HttpTestBackends.class)
class HostileBackendTest extends HostileTest {

    @Test
    void aBackendThatClosesMidBodyEndsTheClientConnection() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send(get("/close-mid-body"));
            String answer = HostileClientTest.readUntilClose(c, 64 * 1024);
            assertTrue(answer.startsWith("HTTP/1.1 200") && answer.endsWith("0123456789"),
                    "the head and the 10 bytes, then the close: " + answer);
        }
        assertNothingLeaked();
    }

    @Test
    void aBackendThatAnswersBeforeReadingTheBodyIsRelayedAndTheConnectionEnds() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send("POST /early HTTP/1.1\r\nHost: lb.test\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(1000));
            Response r = c.read();
            assertEquals(200, r.status());
            assertEquals("early", r.bodyText());
            assertTrue(r.values("Connection").contains("close"), r.headerLines().toString());
            assertTrue(c.closedByPeer(), "the rest of the body cannot be told from a next request");
        }
        assertNothingLeaked();
    }

    @Test
    void oneInterimAnswerThenTheFinalOne() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send(get("/interim?n=1"));
            Response r = c.read();
            assertEquals(100, r.status());
            assertEquals(200, c.read().status());
            c.send(get("/next"));
            assertEquals("ok", c.read().bodyText());
        }
        assertNothingLeaked();
    }

    @Test
    void manyInterimAnswersEndWithTheFinalOne() throws Exception {
        int n = 2000;
        try (Http1 c = Http1.open(port())) {
            c.send(get("/interim?n=" + n));
            Response r;
            int interim = 0;
            while ((r = c.read()).status() < 200) {
                interim++;
                assertTrue(interim <= n, "no more interim answers than sent");
            }
            assertEquals(200, r.status());
            assertEquals("ok", r.bodyText());
            c.send(get("/next"));
            assertEquals("ok", c.read().bodyText());
        }
        assertNothingLeaked();
    }

    @Test
    void anUnframedResponseIsChunkedToAnHttp11Client() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send(get("/unframed?n=100000"));
            Response r = c.read();
            assertEquals(200, r.status());
            assertEquals(100000, r.bodyLength());
            assertTrue(r.values("Transfer-Encoding").contains("chunked"), r.headerLines().toString());
            c.send(get("/next"));
            assertEquals("ok", c.read().bodyText(), "kept alive: the chunked framing ended the body");
        }
        assertNothingLeaked();
    }

    @Test
    void anUnframedResponseEndsWithTheConnectionForAnHttp10Client() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send("GET /unframed?n=100000 HTTP/1.0\r\nHost: lb.test\r\nConnection: keep-alive\r\n\r\n");
            Response r = c.read();
            assertEquals(200, r.status());
            assertEquals(100000, r.bodyLength());
        }
        assertNothingLeaked();
    }

    @Test
    void aBackendThatNeverAnswersIs504AndItsConnectionIsClosed() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send(get("/never"));
            Response r = c.read();
            assertEquals(504, r.status());
            c.send(get("/next"));
            assertEquals("ok", c.read().bodyText(), "the client connection stays usable");
        }
        Clients.await("the silent backend's connection is closed", Duration.ofSeconds(10),
                () -> backend.connections() == 2 && backend.open() <= 1);
        assertNothingLeaked();
    }

    @Test
    void aBackendThatAnswersTwiceIsNotReused() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send(get("/twice"));
            assertEquals("ok", c.read().bodyText());
            for (int i = 0; i < 3; i++) {
                c.send(get("/next"));
                Response r = c.read();
                assertEquals("ok", r.bodyText(), "never the unasked-for answer: " + r);
            }
        }
        assertNothingLeaked();
    }

    @Test
    void aHeadAnsweredWithAChunkedBodyGetsTheHeadOnlyAndTheConnectionStaysFramed() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send("HEAD /head-chunked HTTP/1.1\r\nHost: lb.test\r\n\r\n");
            Response r = c.read(true);
            assertEquals(200, r.status());
            for (int i = 0; i < 3; i++) {
                c.send(get("/next"));
                Response next = c.read();
                assertEquals(200, next.status(), "framed after the HEAD: " + next);
                assertEquals("ok", next.bodyText());
            }
            assertFalse(c.socket().isClosed());
        }
        assertNothingLeaked();
    }

    @Test
    void aResponseHeaderOverTheLimitOrAGarbageStatusLineIs502AndTheConnectionIsNotReused() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send(get("/big-header?n=20000"));
            assertEquals(502, c.read().status());
            c.send(get("/garbage"));
            assertEquals(502, c.read().status());
            c.send(get("/next"));
            assertEquals("ok", c.read().bodyText());
        }
        Clients.await("the connections that carried the bad answers are closed", Duration.ofSeconds(10),
                () -> backend.open() <= 1);
        assertNothingLeaked();
    }

    @Test
    void aClientThatNeverReadsALargeResponseIsClosedAtTheIdleTimeout() throws Exception {
        try (Http1 c = Http1.openWithReceiveBuffer(port(), 16 * 1024)) {
            c.send(get("/bytes?n=200000000"));
            long start = System.nanoTime();
            Clients.await("the LB gives up the stalled client", Duration.ofSeconds(60),
                    () -> Lb.active(FRONTEND) == 0);
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(60).toNanos());
        }
        Clients.await("the stalled backend connection is closed", Duration.ofSeconds(10), () -> backend.open() == 0);
        assertNothingLeaked();
    }

    @Test
    void anAttackLeavesNoRowInTheConnectionTable() throws Exception {
        String client;
        try (Http1 c = Http1.open(port())) {
            c.send(get("/close-mid-body"));
            client = "127.0.0.1:" + c.socket().getLocalPort();
            HostileClientTest.readUntilClose(c, 64 * 1024);
        }
        Clients.await("the row for " + client + " is gone", Duration.ofSeconds(10),
                () -> given().get("/connections").then().statusCode(200).extract()
                        .<List<Object>>path("http.findAll { it.client == '" + client + "' }").isEmpty());
        assertNothingLeaked();
    }

    /**
     * Interim answers without end to a client that reads none: they stall the backend's writes like a body does
     * (16 MB of them; the LB itself holds under 1 MiB, the rest is in kernel queues).
     */
    @Test
    void endlessInterimAnswersToAClientThatReadsNoneStallTheBackend() throws Exception {
        int n = 500_000;
        try (Http1 c = Http1.openWithReceiveBuffer(port(), 16 * 1024)) {
            c.send(get("/interim?n=" + n));
            long stalledAt = stalledValue(backend::interimBytesWritten);
            long inKernel = KernelQueues.queuedBytes(c.socket().getLocalPort(), backend.port());
            long heldByLb = stalledAt - inKernel;
            assertTrue(heldByLb < 1024 * 1024, "the backend wrote " + stalledAt + " bytes of interim answers, "
                    + inKernel + " of them in kernel queues: the LB holds " + heldByLb);
        }
        assertNothingLeaked();
    }

    /** Waits until a growing counter stops for two seconds (30 s at most) and returns where it stopped. */
    private static long stalledValue(LongSupplier counter) throws InterruptedException {
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
        throw new AssertionError("never stalled within 30 s (at " + last + ")");
    }
}
