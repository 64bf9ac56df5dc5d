package dev.l4lab.lb;

import static dev.l4lab.lb.support.Clients.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.frontend.Drop;
import dev.l4lab.lb.support.Clients;
import dev.l4lab.lb.support.Udp;
import dev.l4lab.lb.support.UdpNamedEcho;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** "echo-udp": session-timeout=2S, max-sessions=4; "udp-per-packet": per-packet mode on the same pool. */
@QuarkusTest
class UdpSessionTest {

    @Inject
    LbRuntime runtime;

    private static DatagramSocket client() throws IOException {
        return Udp.client();
    }

    private static String exchange(DatagramSocket s, int port, String payload) throws IOException {
        return Udp.exchange(s, port, payload);
    }

    private void awaitNoSessions() throws InterruptedException {
        await("UDP sessions expire", Duration.ofSeconds(15),
                () -> runtime.frontend("echo-udp").orElseThrow().stats().active.get() == 0);
    }

    @Test
    void sessionIsPinnedListedAndExpires() throws Exception {
        awaitNoSessions();
        int port = runtime.port("echo-udp");
        try (DatagramSocket s = client()) {
            String first = exchange(s, port, "one");
            assertTrue(first != null && first.endsWith("|one"), "reply: " + first);
            String backend = first.substring(0, first.indexOf('|'));
            long t0 = 0;
            for (int i = 0; i < 5; i++) {
                t0 = System.nanoTime(); // the session's last activity is after this
                assertEquals(backend + "|again" + i, exchange(s, port, "again" + i), "session stays on its backend");
            }
            String client = "127.0.0.1:" + s.getLocalPort();
            List<String> clients = given().get("/connections").then().statusCode(200).extract().path("udp.client");
            assertTrue(clients.contains(client), "session table lists " + client + ": " + clients);
            String pinned = given().get("/connections").then().extract()
                    .path("udp.find { it.client == '" + client + "' }.backend");
            assertEquals(backend, pinned);
            awaitNoSessions(); // fails after 15 s: a session that never expires
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 1900, "expired only after the 2 s session timeout, took " + ms + " ms");
            List<String> after = given().get("/connections").then().extract().path("udp.client");
            assertTrue(!after.contains(client), "expired session left the table");
        }
    }

    @Test
    void tableBoundDropsNewClientsUntilSessionsExpire() throws Exception {
        awaitNoSessions();
        int port = runtime.port("echo-udp");
        var stats = runtime.frontend("echo-udp").orElseThrow().stats();
        long rejected = stats.drops(Drop.LIMIT);
        List<DatagramSocket> clients = new ArrayList<>();
        Set<String> backends = new HashSet<>();
        try {
            for (int i = 0; i < 4; i++) {
                DatagramSocket s = client();
                clients.add(s);
                String r = exchange(s, port, "c" + i);
                assertTrue(r != null, "client " + i + " within max-sessions=4 gets a reply");
                backends.add(r.substring(0, r.indexOf('|')));
            }
            assertTrue(backends.size() >= 2, "new sessions are balanced: " + backends);
            try (DatagramSocket fifth = client()) {
                fifth.setSoTimeout(1000); // a drop is proven by the counter below; this only bounds the wait
                assertNull(exchange(fifth, port, "over the limit"), "5th client is dropped while the table is full");
                assertTrue(stats.drops(Drop.LIMIT) > rejected, "drops are counted");
                assertTrue(exchange(clients.get(0), port, "old") != null, "existing sessions keep working");
                awaitNoSessions();
                fifth.setSoTimeout(3000);
                assertTrue(exchange(fifth, port, "later") != null, "after expiry the 5th client gets a session");
            }
        } finally {
            clients.forEach(DatagramSocket::close);
        }
    }

    @Test
    void sessionMovesWhenItsBackendGoesDown() throws Exception {
        awaitNoSessions();
        int port = runtime.port("echo-udp");
        List<String> others = given().get("/pools/echo-udp").then().extract().path("backends.address");
        UdpNamedEcho own = new UdpNamedEcho();
        given().contentType("application/json").body("{\"address\":\"" + own.name() + "\"}")
                .post("/pools/echo-udp/backends").then().statusCode(201);
        others.forEach(b -> Clients.setState("echo-udp", b, "MAINT"));
        try (DatagramSocket s = client()) {
            assertEquals(own.name() + "|first", exchange(s, port, "first"));
            others.forEach(b -> Clients.setState("echo-udp", b, "UP"));
            own.close(); // the backend dies; UDP checks (200 ms, fall 3) take it DOWN
            await("UDP backend DOWN", Duration.ofSeconds(15), () -> "DOWN".equals(Clients.backendState("echo-udp", own.name())));
            String r = exchange(s, port, "second");
            assertTrue(r != null && others.contains(r.substring(0, r.indexOf('|'))),
                    "the same client is re-pinned to a live backend: " + r);
        } finally {
            others.forEach(b -> Clients.setState("echo-udp", b, "UP"));
            given().delete("/pools/echo-udp/backends/" + own.name()).then().statusCode(204);
        }
    }

    @Test
    void upstreamSocketRelaysOnlyItsBackendsDatagrams() throws Exception {
        awaitNoSessions();
        int port = runtime.port("echo-udp");
        var stats = runtime.frontend("echo-udp").orElseThrow().stats();
        List<String> others = given().get("/pools/echo-udp").then().extract().path("backends.address");
        UdpNamedEcho own = new UdpNamedEcho();
        int backendPort = Integer.parseInt(own.name().substring(own.name().indexOf(':') + 1));
        given().contentType("application/json").body("{\"address\":\"" + own.name() + "\"}")
                .post("/pools/echo-udp/backends").then().statusCode(201);
        others.forEach(b -> Clients.setState("echo-udp", b, "MAINT"));
        try (DatagramSocket s = client();
                DatagramSocket otherPort = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                DatagramSocket otherIp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"),
                        backendPort))) {
            assertEquals(own.name() + "|first", exchange(s, port, "first"));
            String client = "127.0.0.1:" + s.getLocalPort();
            int upstreamPort = given().get("/connections").then().extract()
                    .path("udp.find { it.client == '" + client + "' }.upstreamPort");
            long dropped = stats.drops(Drop.FOREIGN_SOURCE);
            byte[] forged = "forged".getBytes(StandardCharsets.UTF_8);
            // the backend's IP from another port, and the backend's port from another IP: both strangers
            otherPort.send(new DatagramPacket(forged, forged.length, InetAddress.getLoopbackAddress(), upstreamPort));
            otherIp.send(new DatagramPacket(forged, forged.length, InetAddress.getLoopbackAddress(), upstreamPort));
            await("both strangers' datagrams dropped and counted", Duration.ofSeconds(15),
                    () -> stats.drops(Drop.FOREIGN_SOURCE) >= dropped + 2);
            s.setSoTimeout(1000);
            DatagramPacket leaked = new DatagramPacket(new byte[2048], 2048);
            try {
                s.receive(leaked);
                throw new AssertionError("a stranger's datagram reached the client: "
                        + new String(leaked.getData(), 0, leaked.getLength(), StandardCharsets.UTF_8));
            } catch (SocketTimeoutException expected) {
                // nothing relayed
            }
            s.setSoTimeout(3000);
            assertEquals(own.name() + "|second", exchange(s, port, "second"), "the backend's own replies still pass");
            assertEquals(dropped + 2, stats.drops(Drop.FOREIGN_SOURCE), "the backend's reply is not counted as foreign");
            given().get("/frontends").then().statusCode(200);
        } finally {
            others.forEach(b -> Clients.setState("echo-udp", b, "UP"));
            given().delete("/pools/echo-udp/backends/" + own.name()).then().statusCode(204);
            own.close();
        }
    }

    @Test
    void perPacketModeSpreadsOneClientsDatagrams() throws Exception {
        int port = runtime.port("udp-per-packet");
        Set<String> backends = new HashSet<>();
        try (DatagramSocket s = client()) {
            for (int i = 0; i < 6; i++) {
                String r = exchange(s, port, "p" + i);
                assertTrue(r != null && r.endsWith("|p" + i), "reply " + r);
                backends.add(r.substring(0, r.indexOf('|')));
            }
        }
        assertEquals(3, backends.size(), "round robin per datagram reaches every backend: " + backends);
    }
}
