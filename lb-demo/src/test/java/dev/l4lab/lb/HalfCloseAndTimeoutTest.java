package dev.l4lab.lb;

import static dev.l4lab.lb.support.Clients.await;
import static dev.l4lab.lb.support.Clients.connect;
import static dev.l4lab.lb.support.Clients.readAll;
import static dev.l4lab.lb.support.Clients.readLine;
import static dev.l4lab.lb.support.Clients.setState;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.support.Clients;
import dev.l4lab.lb.support.NamedEchoServer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FIN propagation in both directions, and the idle timeout ("echo-http" has idle-timeout=1S in tests). */
@QuarkusTest
class HalfCloseAndTimeoutTest {

    @Inject
    LbRuntime runtime;

    @Test
    void clientFinReachesBackendWhileRepliesKeepFlowing() throws Exception {
        try (Socket s = connect(runtime.port("echo"))) {
            String backend = readLine(s);
            s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput(); // our FIN
            // The backend only says "bye" after it has read EOF, so seeing it proves the FIN was passed on
            // while the server-to-client direction stayed open.
            assertEquals("hello\nbye\n", readAll(s), "reply after FIN from " + backend);
        }
    }

    @Test
    void bytesAndFinSentBeforeTheBackendIsConnectedArriveInOrder() throws Exception {
        try (Socket s = connect(runtime.port("echo"))) {
            // like `printf 'early\n' | nc`: data and FIN leave before the LB has a backend connection
            s.getOutputStream().write("early\n".getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            String all = readAll(s);
            String greeting = all.substring(0, all.indexOf('\n'));
            assertTrue(greeting.startsWith("127.0.0.1:"), all);
            assertEquals(greeting + "\nearly\nbye\n", all);
        }
    }

    @Test
    void serverFinReachesClientWhileClientKeepsSending() throws Exception {
        NamedEchoServer own = new NamedEchoServer();
        List<String> others = given().get("/pools/echo").then().extract().path("backends.address");
        given().contentType("application/json").body("{\"address\":\"" + own.name() + "\"}")
                .post("/pools/echo/backends").then().statusCode(201);
        others.forEach(b -> setState("echo", b, "MAINT"));
        try (Socket s = connect(runtime.port("echo"))) {
            assertEquals(own.name(), readLine(s));
            OutputStream out = s.getOutputStream();
            out.write("fin-now\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            assertEquals("fin-now\nclosing my side\n", new String(in.readAllBytes(), StandardCharsets.US_ASCII),
                    "the server's FIN arrives as EOF");
            byte[] more = "client keeps talking after the server's FIN\n".getBytes(StandardCharsets.US_ASCII);
            out.write(more);
            out.flush();
            await("bytes sent after the server's FIN reach it", Duration.ofSeconds(15),
                    () -> own.bytesAfterOwnFin() == more.length);
            s.shutdownOutput();
            await("connection leaves the table once both FINs passed", Duration.ofSeconds(15),
                    () -> runtime.frontend("echo").orElseThrow().stats().active.get() == 0);
        } finally {
            others.forEach(b -> setState("echo", b, "UP"));
            given().delete("/pools/echo/backends/" + own.name()).then().statusCode(204);
            own.close();
        }
    }

    @Test
    void idleConnectionIsClosedButABusyOneIsNot() throws Exception {
        int port = runtime.port("echo-http");
        long timeoutsBefore = runtime.frontend("echo-http").orElseThrow().stats().idleClosed.get();
        // Bounds, not durations: the LB's last activity on "idle" is after t0, so it may not close it
        // before t0 + 1 s whatever the load; the read timeout (10 s) catches a close that never comes.
        long t0 = System.nanoTime();
        try (Socket idle = connect(port)) {
            readLine(idle);
            assertTrue(Clients.closedByPeer(idle), "idle connection closed by the LB");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 1000, "closed only after the 1 s idle timeout, was " + ms + " ms");
        }
        assertTrue(runtime.frontend("echo-http").orElseThrow().stats().idleClosed.get() > timeoutsBefore,
                "the close is counted as a timeout");
        try (Socket busy = connect(port)) {
            readLine(busy);
            long start = System.nanoTime();
            // Traffic every 100 ms (10x margin under the 1 s idle timeout) for well beyond the timeout.
            while ((System.nanoTime() - start) / 1_000_000 < 2500) {
                busy.getOutputStream().write("tick\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("tick", readLine(busy), "a busy connection stays open past the idle timeout");
                Thread.sleep(100);
            }
            busy.getOutputStream().write("still\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("still", readLine(busy));
        }
    }
}
