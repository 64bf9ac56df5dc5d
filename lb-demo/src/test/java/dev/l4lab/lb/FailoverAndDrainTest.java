package dev.l4lab.lb;

import static dev.l4lab.lb.support.Clients.await;
import static dev.l4lab.lb.support.Clients.backendState;
import static dev.l4lab.lb.support.Clients.connect;
import static dev.l4lab.lb.support.Clients.readLine;
import static dev.l4lab.lb.support.Clients.setState;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.support.Clients;
import dev.l4lab.lb.support.NamedEchoServer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Health checks, retries with redispatch, and draining, on the "echo" pool (checks every 200 ms, rise 2, fall 3). */
@QuarkusTest
class FailoverAndDrainTest {

    @Inject
    LbRuntime runtime;

    @Test
    void killedBackendCostsNoNewConnectionAndComesBack() throws Exception {
        NamedEchoServer victim = new NamedEchoServer();
        int victimPort = victim.port();
        String address = victim.name();
        given().contentType("application/json").body("{\"address\":\"" + address + "\",\"weight\":1}")
                .post("/pools/echo/backends").then().statusCode(201);
        try {
            int reachedVictim = 0;
            for (int i = 0; i < 120; i++) {
                if (i == 20) {
                    victim.close(); // crash: stop listening, reset its connections
                }
                String who = Clients.greeting(runtime.port("echo"));
                assertNotNull(who, "connection " + i + " failed although retries should redispatch it");
                if (who.equals(address)) {
                    reachedVictim++;
                    assertTrue(i < 20, "connection " + i + " reached the dead backend");
                }
            }
            assertTrue(reachedVictim > 0, "the new backend took traffic before it died");
            await("victim DOWN", Duration.ofSeconds(15), () -> "DOWN".equals(backendState("echo", address)));
            long failures = ((Number) given().get("/pools/echo").then().extract()
                    .path("backends.find { it.address == '" + address + "' }.failures")).longValue();
            assertTrue(failures >= 1, "failed connects are counted");

            NamedEchoServer revived = new NamedEchoServer(victimPort);
            try {
                long t0 = System.nanoTime();
                await("victim UP again after rise checks", Duration.ofSeconds(15),
                        () -> "UP".equals(backendState("echo", address)));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ms >= 100, "UP needs rise=2 checks at 200 ms, was " + ms + " ms");
                boolean reached = false;
                for (int i = 0; i < 12 && !reached; i++) {
                    reached = address.equals(Clients.greeting(runtime.port("echo")));
                }
                assertTrue(reached, "revived backend takes traffic again");
            } finally {
                revived.close();
            }
        } finally {
            given().delete("/pools/echo/backends/" + address).then().statusCode(204);
        }
    }

    @Test
    void drainingKeepsExistingConnectionsAndTakesNoNewOnes() throws Exception {
        try (Socket kept = connect(runtime.port("echo"))) {
            String drained = readLine(kept);
            setState("echo", drained, "DRAINING");
            try {
                for (int i = 0; i < 12; i++) {
                    assertNotEquals(drained, Clients.greeting(runtime.port("echo")), "new connection to a DRAINING backend");
                }
                OutputStream out = kept.getOutputStream();
                out.write("still here\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("still here", readLine(kept), "existing connection keeps working while draining");
                long active = ((Number) given().get("/pools/echo").then().extract()
                        .path("backends.find { it.address == '" + drained + "' }.activeConnections")).longValue();
                assertEquals(1, active);
                kept.close();
                await("drained backend reaches 0 connections", Duration.ofSeconds(15), () -> ((Number) given()
                        .get("/pools/echo").then().extract()
                        .path("backends.find { it.address == '" + drained + "' }.activeConnections")).longValue() == 0);
                assertEquals("DRAINING", backendState("echo", drained));
            } finally {
                setState("echo", drained, "UP");
            }
        }
    }

    @Test
    void maintBackendTakesNothingAndNoBackendClosesTheClient() throws Exception {
        List<String> all = given().get("/pools/echo").then().extract().path("backends.address");
        all.forEach(b -> setState("echo", b, "MAINT"));
        try {
            try (Socket s = connect(runtime.port("echo"))) {
                assertTrue(Clients.closedByPeer(s), "with every backend in MAINT the client is closed");
            }
        } finally {
            all.forEach(b -> setState("echo", b, "UP"));
        }
        assertNotNull(Clients.greeting(runtime.port("echo")));
    }
}
