package dev.l4lab.lb.udp;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.support.Lb;
import dev.l4lab.lb.support.Udp;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.DatagramSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A flood of new client addresses against a frontend with live sessions ("udp-guarded": 20 new sessions a second,
 * room for 2000). The live sessions lose nothing, and every flood datagram is either relayed or counted as a drop
 * with its reason.
 */
@QuarkusTest
class UdpBurstTest {

    private static final String FRONTEND = "udp-guarded";
    private static final int EXISTING = 3;
    private static final int PINGS = 100;
    private static final int FLOOD_CLIENTS = 1500;
    private static final int PER_FLOOD_CLIENT = 2;
    private static final List<String> REASONS = List.of("limit", "session_rate", "no_backend", "socket_error",
            "queue_full", "receive_buffer");

    private static long drops() {
        return REASONS.stream().mapToLong(r -> Lb.dropped(FRONTEND, r)).sum();
    }

    private static long sessionsCreated() {
        Number n = given().get("/frontends").then().extract().path("find { it.name == '" + FRONTEND + "' }.totalConnections");
        return n.longValue();
    }

    @Test
    void liveSessionsLoseNothingAndEveryFloodDatagramIsCounted() throws Exception {
        Lb.awaitIdle(FRONTEND);
        int port = Lb.port(FRONTEND);
        long dropsBefore = drops();
        long createdBefore = sessionsCreated();
        List<DatagramSocket> live = new ArrayList<>();
        List<DatagramSocket> flood = new ArrayList<>();
        ExecutorService pingers = Executors.newFixedThreadPool(EXISTING);
        try {
            for (int i = 0; i < EXISTING; i++) {
                DatagramSocket s = Udp.client();
                live.add(s);
                assertTrue(Udp.exchange(s, port, "hello") != null, "live session " + i + " is up");
            }
            for (int i = 0; i < FLOOD_CLIENTS; i++) {
                flood.add(new DatagramSocket(0));
            }
            List<Future<Integer>> lost = new ArrayList<>();
            for (DatagramSocket s : live) {
                lost.add(pingers.submit(() -> {
                    int missing = 0;
                    for (int n = 0; n < PINGS; n++) {
                        if (Udp.exchange(s, port, "ping" + n) == null) {
                            missing++;
                        }
                    }
                    return missing;
                }));
            }
            long floodStart = System.nanoTime();
            for (int round = 0; round < PER_FLOOD_CLIENT; round++) {
                for (int i = 0; i < FLOOD_CLIENTS; i++) {
                    Udp.send(flood.get(i), port, "flood" + i);
                    if (i % 25 == 24) {
                        Thread.sleep(1); // bounded: about 120 ms for the whole flood
                    }
                }
            }
            double floodSeconds = (System.nanoTime() - floodStart) / 1e9;
            for (Future<Integer> f : lost) {
                assertEquals(0, f.get(60, TimeUnit.SECONDS), "datagrams of a live session lost during the flood");
            }
            int relayed = 0;
            for (DatagramSocket s : flood) {
                s.setSoTimeout(1);
                while (receiveQuietly(s)) {
                    relayed++;
                }
            }
            Thread.sleep(1200); // the kernel's drop count is read at most once a second
            long dropped = drops() - dropsBefore;
            assertEquals(FLOOD_CLIENTS * PER_FLOOD_CLIENT, relayed + dropped,
                    "every flood datagram relayed (" + relayed + ") or counted as dropped (" + dropped + ")");
            long created = sessionsCreated() - createdBefore - EXISTING;
            assertTrue(created <= 20 + 20 * (floodSeconds + 5), "new sessions kept to about 20 a second: " + created);
        } finally {
            pingers.shutdownNow();
            live.forEach(DatagramSocket::close);
            flood.forEach(DatagramSocket::close);
        }
    }

    private static boolean receiveQuietly(DatagramSocket s) throws IOException {
        return Udp.receive(s) != null;
    }
}
