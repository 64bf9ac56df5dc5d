package dev.l4lab.lb.udp;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.l4lab.lb.support.Lb;
import dev.l4lab.lb.support.Udp;
import io.quarkus.test.junit.QuarkusTest;
import java.net.DatagramSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Per-packet mode ("udp-per-packet", backends given as localhost:port): every datagram goes to the backend it was
 * balanced to and counted against, including the first datagrams of a new client, which arrive together and wait
 * while each backend's name is resolved for the first time.
 */
@QuarkusTest
class UdpPerPacketTest {

    private static final int BURST = 60;

    /** Datagrams counted per backend port (the pool names them localhost:port, the echoes 127.0.0.1:port). */
    private static Map<String, Integer> countedPerBackend() {
        List<Map<String, Object>> backends = given().get("/pools/echo-udp-by-name").then().statusCode(200).extract()
                .path("backends");
        Map<String, Integer> out = new HashMap<>();
        backends.forEach(b -> out.put(port((String) b.get("address")), ((Number) b.get("totalConnections")).intValue()));
        return out;
    }

    private static String port(String address) {
        return address.substring(address.lastIndexOf(':') + 1);
    }

    @Test
    void aBurstFromANewClientGoesWhereEachDatagramWasCounted() throws Exception {
        int port = Lb.port("udp-per-packet");
        Map<String, Integer> before = countedPerBackend();
        Map<String, Integer> replies = new HashMap<>();
        try (DatagramSocket client = Udp.client()) {
            client.setReceiveBufferSize(1 << 20);
            for (int i = 0; i < BURST; i++) {
                Udp.send(client, port, "d" + i);
            }
            for (int i = 0; i < BURST; i++) {
                String reply = Udp.receive(client);
                assertNotNull(reply, "reply " + i + " of " + BURST);
                replies.merge(port(Udp.backendOf(reply)), 1, Integer::sum);
            }
        }
        Map<String, Integer> after = countedPerBackend();
        after.forEach((backend, n) -> assertEquals(n - before.getOrDefault(backend, 0), replies.getOrDefault(backend, 0),
                "datagrams counted against port " + backend + " are the ones it answered: " + replies));
        assertEquals(3, replies.size(), "round robin reached every backend: " + replies);
    }
}
