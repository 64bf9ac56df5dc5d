package dev.l4lab.lb;

import static dev.l4lab.lb.support.Clients.await;
import static dev.l4lab.lb.support.Clients.connect;
import static dev.l4lab.lb.support.Clients.readLine;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The event loops of a TCP frontend (two in tests) watch one listening socket, like HAProxy's threads, and a
 * burst of long-lived connections still ends up spread over them (within the balancer's slack of 1, plus the
 * connection that tipped a loop over it).
 */
@QuarkusTest
class SharedListenerTest {

    @Inject
    LbRuntime runtime;

    @Test
    void oneListeningSocketServesEveryLoop() throws Exception {
        int port = runtime.port("echo");
        Process ss = new ProcessBuilder("ss", "-Hltn", "sport = :" + port).redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, ss.waitFor(), out);
        assertEquals(1, out.lines().filter(l -> l.startsWith("LISTEN")).count(),
                "one listening socket (not one SO_REUSEPORT socket per loop):\n" + out);
    }

    @Test
    void aBurstOfLongLivedConnectionsIsSpreadOverTheLoops() throws Exception {
        int port = runtime.port("echo");
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                open.add(connect(port)); // all at once: no connection closes while the loops race to accept
            }
            for (Socket s : open) {
                assertNotNull(readLine(s), "each connection reached a backend");
            }
            await("40 connections in the table", Duration.ofSeconds(10),
                    () -> perLoop().stream().mapToInt(Integer::intValue).sum() == 40);
            List<Integer> loops = perLoop();
            assertEquals(2, loops.size(), "lb.event-loops=2 in tests: " + loops);
            int spread = Collections.max(loops) - Collections.min(loops);
            assertTrue(spread <= 2, "connections per loop " + loops + " differ by more than the slack");
        } finally {
            for (Socket s : open) {
                closeQuietly(s);
            }
        }
    }

    private static List<Integer> perLoop() {
        List<Integer> loops = given().get("/frontends").then().statusCode(200).extract()
                .path("find { it.name == 'echo' }.connectionsPerLoop");
        return loops;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
