package dev.l4lab.lb;

import static dev.l4lab.lb.support.Clients.await;
import static dev.l4lab.lb.support.Clients.connect;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.support.Clients;
import dev.l4lab.lb.support.HttpTestBackends;
import dev.l4lab.lb.support.Lb;
import dev.l4lab.lb.support.Pools;
import dev.l4lab.lb.support.RawHttp;
import dev.l4lab.lb.support.RawHttp.Reply;
import dev.l4lab.lb.support.TestBackends;
import dev.l4lab.lb.support.UnansweredPort;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Failed backend connects are counted by probe-service's reason words: on the TCP path, the L7 path, in the admin
 * API, in lb_backend_connect_failures_total, and in the health checks' lastCheck. Pool "web" has no health checks
 * and no passive fall, so a dead backend there keeps being tried; pool "echo" checks every 200 ms.
 */
@QuarkusTest
@QuarkusTestResource(TestBackends.class)
@QuarkusTestResource(HttpTestBackends.class)
class ConnectFailureReasonsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private static String closedPortAddress() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }

    private static Map<String, Number> failuresByReason(String pool, String address) {
        return given().get("/pools/" + pool).then().statusCode(200).extract()
                .path("backends.find { it.address == '" + address + "' }.failuresByReason");
    }

    private static long failures(String pool, String address, String reason) {
        Map<String, Number> byReason = failuresByReason(pool, address);
        return byReason == null ? -1 : byReason.get(reason).longValue();
    }

    private static String lastCheck(String pool, String address) {
        return given().get("/pools/" + pool).then().statusCode(200).extract()
                .path("backends.find { it.address == '" + address + "' }.lastCheck");
    }

    /** The value of lb_backend_connect_failures_total for one backend and reason, or -1 if it is not exported. */
    private static double exported(String pool, String address, String reason) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^lb_backend_connect_failures_total\\{backend=\"" + Pattern.quote(address)
                + "\",pool=\"" + pool + "\",reason=\"" + reason + "\"} (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    @Test
    void aTcpConnectToAPortWithNothingListeningIsCountedAsRefused() throws Exception {
        String dead = closedPortAddress();
        Pools.withOnlyBackend("web", dead, () -> {
            for (String word : new String[] {"refused", "timeout", "reset", "unreachable", "dns", "local-limit",
                "no-ephemeral-port", "other"}) {
                assertEquals(0.0, exported("web", dead, word), "every reason is exported at 0 from the start: " + word);
            }
            try (Socket s = connect(Lb.port("web-l4"))) {
                assertTrue(Clients.closedByPeer(s), "with its only backend refusing, the client is closed");
            }
            await("the refused connect is counted", PATIENCE, () -> failures("web", dead, "refused") == 1);
            Map<String, Number> byReason = failuresByReason("web", dead);
            long total = ((Number) given().get("/pools/web").then().extract()
                    .path("backends.find { it.address == '" + dead + "' }.failures")).longValue();
            assertEquals(1, total, "failures stays the total: " + byReason);
            assertEquals(total, byReason.values().stream().mapToLong(Number::longValue).sum(), byReason.toString());
            assertEquals(1.0, exported("web", dead, "refused"));
            assertEquals(0.0, exported("web", dead, "timeout"));
        });
    }

    @Test
    void aTcpConnectToAnUnansweredPortIsCountedAsTimeout() throws Exception {
        try (UnansweredPort silent = new UnansweredPort()) {
            Pools.withOnlyBackend("web", silent.address(), () -> {
                try (Socket s = connect(Lb.port("web-l4"))) {
                    // web-l4 gives up after its 2 s connect-timeout, well within the 10 s read timeout
                    assertTrue(Clients.closedByPeer(s), "the client is closed once the connect timed out");
                }
                await("the timed-out connect is counted", PATIENCE, () -> failures("web", silent.address(), "timeout") == 1);
                assertEquals(0, failures("web", silent.address(), "refused"));
                assertEquals(1.0, exported("web", silent.address(), "timeout"));
            });
        }
    }

    @Test
    void anL7ConnectTimeoutIsA502NamingTheWordAndCounted() throws Exception {
        try (UnansweredPort silent = new UnansweredPort()) {
            Pools.withOnlyBackend("web", silent.address(), () -> {
                try (Socket s = connect(Lb.port("echo-l7"))) {
                    Reply r = RawHttp.exchange(s, "POST", "/whoami", "");
                    assertEquals(502, r.status(), r.body());
                    assertTrue(r.body().contains("backend " + silent.address() + ": connect timeout: "), r.body());
                }
                await("the L7 connect timeout is counted", PATIENCE, () -> failures("web", silent.address(), "timeout") == 1);
                assertEquals(1.0, exported("web", silent.address(), "timeout"));
            });
        }
    }

    @Test
    void healthChecksSayTheWordInLastCheck() throws Exception {
        String dead = closedPortAddress();
        Lb.addBackend("echo", dead);
        try {
            await("a refused check says so: " + lastCheck("echo", dead), PATIENCE,
                    () -> lastCheck("echo", dead).startsWith("failed: connect refused: "));
            assertTrue(lastCheck("echo", dead).contains("Connection refused"), lastCheck("echo", dead));
            assertEquals("DOWN", Clients.backendState("echo", dead));
        } finally {
            Lb.removeBackend("echo", dead);
        }
        try (UnansweredPort silent = new UnansweredPort()) {
            Lb.addBackend("echo", silent.address());
            try {
                await("an unanswered check says timeout: " + lastCheck("echo", silent.address()), PATIENCE,
                        () -> lastCheck("echo", silent.address()).startsWith("failed: connect timeout: "));
            } finally {
                Lb.removeBackend("echo", silent.address());
            }
        }
    }
}
