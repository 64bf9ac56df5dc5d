package dev.l4lab.lb;

import static dev.l4lab.lb.support.Clients.await;
import static dev.l4lab.lb.support.Clients.connect;
import static dev.l4lab.lb.support.Clients.readAll;
import static dev.l4lab.lb.support.Clients.readLine;
import static dev.l4lab.lb.support.Clients.setState;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
            await("bytes sent after the server's FIN reach it", Duration.ofSeconds(3),
                    () -> own.bytesAfterOwnFin() == more.length);
            s.shutdownOutput();
            await("connection leaves the table once both FINs passed", Duration.ofSeconds(3),
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
        try (Socket idle = connect(port); Socket busy = connect(port)) {
            readLine(idle);
            readLine(busy);
            long start = System.nanoTime();
            for (int i = 0; i < 8; i++) { // 2 s of traffic every 250 ms, beyond the 1 s idle timeout
                busy.getOutputStream().write("tick\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("tick", readLine(busy));
                Thread.sleep(250);
            }
            assertTrue(Clients.closedByPeer(idle), "idle connection closed by the LB");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 900, "closed only after the idle timeout, was " + ms + " ms");
            busy.getOutputStream().write("still\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("still", readLine(busy));
            assertFalse(runtime.frontend("echo-http").orElseThrow().stats().idleClosed.get() == timeoutsBefore);
        }
    }
}
