package dev.l4lab.lb.http;

import static dev.l4lab.lb.support.Clients.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.support.Clients;
import dev.l4lab.lb.support.Lb;
import dev.l4lab.lb.support.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * "l7-guarded": max-connections=3, request-header-timeout=1S. Every accepted connection counts, silent and slow
 * ones too, and a request header that is not complete in time ends the connection (408 when part of it came,
 * HAProxy's timeout http-request), without shortening the wait between requests of a kept-alive connection.
 */
@QuarkusTest
class HeaderTimeoutTest {

    private static final String FRONTEND = "l7-guarded";

    private static String readToEof(Socket s) throws Exception {
        return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void silentConnectionsCountAndAreClosedWithoutAnAnswerAfterTheTimeout() throws Exception {
        Lb.awaitIdle(FRONTEND);
        int port = Lb.port(FRONTEND);
        long refused = Lb.dropped(FRONTEND, "limit");
        long timedOut = Lb.dropped(FRONTEND, "header_timeout");
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                silent.add(Clients.connect(port));
            }
            await("three silent connections counted", Duration.ofSeconds(15), () -> Lb.active(FRONTEND) == 3);
            try (Socket fourth = Clients.connect(port)) {
                assertEquals(-1, fourth.getInputStream().read(), "the connection over max-connections is closed at once");
            }
            assertEquals(refused + 1, Lb.dropped(FRONTEND, "limit"), "and counted");
            long start = System.nanoTime();
            for (Socket s : silent) {
                assertEquals("", readToEof(s), "closed without an answer: it sent nothing");
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms < 10_000, "closed by the 1 s header timeout, not a later one: " + ms + " ms");
            assertEquals(timedOut + 3, Lb.dropped(FRONTEND, "header_timeout"));
        } finally {
            for (Socket s : silent) {
                s.close();
            }
        }
        Lb.awaitIdle(FRONTEND);
    }

    @Test
    void aPartialHeaderGets408AndSlowBytesDoNotExtendTheDeadline() throws Exception {
        Lb.awaitIdle(FRONTEND);
        int port = Lb.port(FRONTEND);
        try (Socket partial = Clients.connect(port); Socket slow = Clients.connect(port)) {
            OutputStream out = partial.getOutputStream();
            out.write("GET /whoami HTTP/1.1\r\nHost: lb.test\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            // one byte every 200 ms: never idle, never complete
            Thread dripper = new Thread(() -> {
                byte[] header = "GET /whoami HTTP/1.1\r\nHost: lb.test\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                        .getBytes(StandardCharsets.US_ASCII);
                try {
                    OutputStream o = slow.getOutputStream();
                    for (byte b : header) {
                        o.write(b);
                        o.flush();
                        Thread.sleep(200);
                    }
                } catch (Exception e) {
                    // closed by the LB: expected
                }
            });
            dripper.setDaemon(true);
            dripper.start();
            String answer = readToEof(partial);
            assertTrue(answer.startsWith("HTTP/1.1 408 "), "partial header: " + answer);
            assertTrue(answer.contains("Connection: close"), answer);
            String slowAnswer = readToEof(slow);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(slowAnswer.startsWith("HTTP/1.1 408 "), "a byte every 200 ms still times out: " + slowAnswer);
            assertTrue(ms < 8000, "the trickle did not extend the deadline (76 bytes would take 15 s): " + ms + " ms");
        }
    }

    @Test
    void aClientStillSendingWhenThe408LeavesCanReadItLater() throws Exception {
        Lb.awaitIdle(FRONTEND);
        try (Socket s = Clients.connect(Lb.port(FRONTEND))) {
            long start = System.nanoTime();
            s.getOutputStream().write("GET /whoami HTTP/1.1\r\nHost: lb.test\r\nX-Busy: ".getBytes(StandardCharsets.US_ASCII));
            // 8 bytes every 5 ms until 400 ms after the 1 s deadline, and only then a look at the answer. A socket
            // closed while input still arrives answers that input with RST, and an RST discards the unread 408 in
            // the client's buffer; the LB's FIN-then-linger close (1 s) outlasts the sending.
            Thread sender = new Thread(() -> {
                byte[] chunk = "aaaaaaaa".getBytes(StandardCharsets.US_ASCII);
                try {
                    OutputStream o = s.getOutputStream();
                    while (System.nanoTime() - start < 1_400_000_000L) {
                        o.write(chunk);
                        o.flush();
                        Thread.sleep(5);
                    }
                } catch (Exception e) {
                    // the LB reset the connection: the assertion below says so
                }
            });
            sender.setDaemon(true);
            sender.start();
            sender.join(10_000);
            String answer = readToEof(s);
            assertTrue(answer.startsWith("HTTP/1.1 408 "), "the whole 408, then FIN: " + answer);
            assertTrue(answer.endsWith("408 the request header was not complete in time\r\n"), answer);
        }
        Lb.awaitIdle(FRONTEND);
    }

    @Test
    void keptAliveConnectionsWaitLongerThanTheHeaderTimeoutBetweenRequests() throws Exception {
        Lb.awaitIdle(FRONTEND);
        try (Socket s = Clients.connect(Lb.port(FRONTEND))) {
            assertEquals(200, RawHttp.get(s, "/whoami").status());
            Thread.sleep(1500); // longer than the header timeout, shorter than the idle timeout
            assertEquals(200, RawHttp.get(s, "/whoami").status(), "the second request on the same connection");
            InputStream in = s.getInputStream();
            assertEquals(0, in.available());
        }
    }
}
