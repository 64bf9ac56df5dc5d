package dev.l4lab.lb.udp;

import static dev.l4lab.lb.support.Clients.await;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.support.Clients;
import dev.l4lab.lb.support.Lb;
import dev.l4lab.lb.support.Udp;
import dev.l4lab.lb.support.UdpNamedEcho;
import io.quarkus.test.junit.QuarkusTest;
import java.net.DatagramSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A UDP session pinned to a backend that is gone moves to a live one on the client's next datagram: removed from
 * the pool, or dead while in MAINT or DRAINING (the operator state hides the health, the session must not). A
 * DRAINING backend that is alive keeps its session.
 */
@QuarkusTest
class UdpRepinTest {

    private static final String POOL = "echo-udp";

    private interface PinnedBody {
        void run(DatagramSocket client, int port, UdpNamedEcho own, List<String> others) throws Exception;
    }

    /** A client pinned to a backend of its own, the pool's other backends UP again afterwards. */
    private static void pinned(PinnedBody body) throws Exception {
        Lb.awaitIdle(POOL);
        int port = Lb.port(POOL);
        List<String> others = given().get("/pools/" + POOL).then().extract().path("backends.address");
        UdpNamedEcho own = new UdpNamedEcho();
        Lb.addBackend(POOL, own.name());
        others.forEach(b -> Clients.setState(POOL, b, "MAINT"));
        try (DatagramSocket client = Udp.client()) {
            assertEquals(own.name() + "|first", Udp.exchange(client, port, "first"), "pinned to its own backend");
            others.forEach(b -> Clients.setState(POOL, b, "UP"));
            body.run(client, port, own, others);
        } finally {
            others.forEach(b -> Clients.setState(POOL, b, "UP"));
            own.close();
            if (given().get("/pools/" + POOL).then().extract().<List<String>>path("backends.address").contains(own.name())) {
                Lb.removeBackend(POOL, own.name());
            }
        }
    }

    private static String health(String address) {
        return given().get("/pools/" + POOL).then().statusCode(200).extract()
                .path("backends.find { it.address == '" + address + "' }.health");
    }

    @Test
    void aSessionOnARemovedBackendMoves() throws Exception {
        pinned((client, port, own, others) -> {
            Lb.removeBackend(POOL, own.name()); // still running: only the pool forgot it
            String reply = Udp.exchange(client, port, "after removal");
            assertTrue(others.contains(Udp.backendOf(reply)), "re-pinned to a backend of the pool: " + reply);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"MAINT", "DRAINING"})
    void aSessionOnABackendThatDiedBehindAnOperatorStateMoves(String state) throws Exception {
        pinned((client, port, own, others) -> {
            Clients.setState(POOL, own.name(), state);
            own.close();
            await("the checks see it DOWN behind " + state, Duration.ofSeconds(15), () -> "DOWN".equals(health(own.name())));
            String reply = Udp.exchange(client, port, "after death");
            assertTrue(others.contains(Udp.backendOf(reply)), "re-pinned to a live backend: " + reply);
        });
    }

    @Test
    void aSessionOnADrainingBackendThatLivesStays() throws Exception {
        pinned((client, port, own, others) -> {
            Clients.setState(POOL, own.name(), "DRAINING");
            assertEquals(own.name() + "|still", Udp.exchange(client, port, "still"), "draining keeps existing sessions");
        });
    }
}
