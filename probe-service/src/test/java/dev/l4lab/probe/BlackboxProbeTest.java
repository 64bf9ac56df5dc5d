package dev.l4lab.probe;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.probe.support.Exposition;
import dev.l4lab.probe.support.Listeners;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /probe: the blackbox_exporter's answer for tcp and udp modules, plus the nmap state and the reason. */
@QuarkusTest
class BlackboxProbeTest {

    private static Map<String, Exposition.Sample> probe(String module, String target) {
        String body = given().queryParam("module", module).queryParam("target", target).get("/probe").then()
                .statusCode(200).contentType(is("text/plain; version=0.0.4; charset=utf-8")).extract().asString();
        return Exposition.parse(body);
    }

    @Test
    void anOpenPortSucceedsWithTheExportersMetrics() throws Exception {
        try (Listeners l = new Listeners()) {
            Map<String, Exposition.Sample> m = probe("tcp_connect", "127.0.0.1:" + l.tcpBanner(""));
            assertEquals(1.0, m.get("probe_success").value());
            assertEquals(4.0, m.get("probe_ip_protocol").value());
            assertEquals(3_668_918_509.0, m.get("probe_ip_addr_hash").value(), "FNV-1a of 127.0.0.1, as Go computes it");
            assertEquals(0.0, m.get("probe_failed_due_to_regex").value());
            assertTrue(m.get("probe_duration_seconds").value() > 0);
            assertTrue(m.containsKey("probe_dns_lookup_time_seconds"));
            assertEquals(1.0, m.get("probe_l4_state{state=\"open\"}").value());
            assertEquals(0.0, m.get("probe_l4_state{state=\"filtered\"}").value());
            assertFalse(m.keySet().stream().anyMatch(k -> k.startsWith("probe_l4_failure_reason")), "no reason on success");
            assertTrue(m.containsKey("probe_l4_duration_seconds{phase=\"connect\"}"));
            m.values().forEach(s -> assertEquals("gauge", s.type(), s.name()));
        }
    }

    @Test
    void closedAndFilteredPortsFailWithTheirStateAndReason() throws Exception {
        Map<String, Exposition.Sample> closed = probe("tcp_fast", "127.0.0.1:" + Listeners.closedPort());
        assertEquals(0.0, closed.get("probe_success").value());
        assertEquals(1.0, closed.get("probe_l4_state{state=\"closed\"}").value());
        assertEquals(1.0, closed.get("probe_l4_failure_reason{reason=\"refused\"}").value());
        try (Listeners l = new Listeners()) {
            Map<String, Exposition.Sample> filtered = probe("tcp_fast", "127.0.0.1:" + l.filteredPort());
            assertEquals(0.0, filtered.get("probe_success").value());
            assertEquals(1.0, filtered.get("probe_l4_state{state=\"filtered\"}").value());
            assertEquals(1.0, filtered.get("probe_l4_failure_reason{reason=\"timeout\"}").value());
            assertTrue(filtered.get("probe_duration_seconds").value() >= 0.9, "the module's 1 s timeout");
        }
    }

    @Test
    void queryResponseSendsExpectsAndExpandsGroups() throws Exception {
        try (Listeners l = new Listeners()) {
            ServerSocket server = l.track(new ServerSocket(0, 10, Listeners.LOOPBACK));
            StringBuilder seen = new StringBuilder();
            Thread t = new Thread(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    byte[] buf = new byte[256];
                    int n = in.read(buf); // "l4lab-probe\n"
                    out.write(buf, 0, n);
                    out.flush();
                    n = in.read(buf); // "got l4lab probe\n"
                    synchronized (seen) {
                        seen.append(new String(buf, 0, Math.max(0, n), StandardCharsets.ISO_8859_1));
                    }
                } catch (Exception ignored) {
                    // the probe hung up
                }
            });
            t.setDaemon(true);
            t.start();
            Map<String, Exposition.Sample> m = probe("tcp_fast_echo", "localhost:" + server.getLocalPort());
            assertEquals(1.0, m.get("probe_success").value(), m.toString());
            assertEquals(0.0, m.get("probe_failed_due_to_regex").value());
            t.join(5000);
            synchronized (seen) {
                assertEquals("got l4lab probe\n", seen.toString(), "$1 and $word come from the expect's match");
            }
        }
    }

    @Test
    void aPeerThatClosesWithoutTheExpectedLineFailsDueToRegex() throws Exception {
        try (Listeners l = new Listeners()) {
            ServerSocket server = l.track(new ServerSocket(0, 10, Listeners.LOOPBACK));
            Thread t = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.getOutputStream().write("nope\r\n".getBytes(StandardCharsets.ISO_8859_1));
                } catch (Exception ignored) {
                    // done
                }
            });
            t.setDaemon(true);
            t.start();
            Map<String, Exposition.Sample> m = probe("tcp_fast_echo", "127.0.0.1:" + server.getLocalPort());
            assertEquals(0.0, m.get("probe_success").value());
            assertEquals(1.0, m.get("probe_failed_due_to_regex").value());
            assertEquals(1.0, m.get("probe_l4_failure_reason{reason=\"regex\"}").value());
            assertEquals(1.0, m.get("probe_l4_state{state=\"open\"}").value(), "the port itself is open");
        }
    }

    @Test
    void udpModulesSucceedOnAMatchingReplyAndSayWhyOtherwise() throws Exception {
        try (Listeners l = new Listeners()) {
            Map<String, Exposition.Sample> ok = probe("udp_fast", "127.0.0.1:" + l.udpEcho());
            assertEquals(1.0, ok.get("probe_success").value());
            assertEquals(1.0, ok.get("probe_l4_state{state=\"open\"}").value());
            assertEquals(0.0, ok.get("probe_failed_due_to_regex").value());
            Map<String, Exposition.Sample> closed = probe("udp_fast", "127.0.0.1:" + Listeners.closedPort());
            assertEquals(1.0, closed.get("probe_l4_failure_reason{reason=\"refused\"}").value());
            assertEquals(1.0, closed.get("probe_l4_state{state=\"closed\"}").value());
            Map<String, Exposition.Sample> silent = probe("udp_fast", "127.0.0.1:" + l.udpSilent());
            assertEquals(1.0, silent.get("probe_l4_failure_reason{reason=\"timeout\"}").value());
            assertEquals(1.0, silent.get("probe_l4_state{state=\"open|filtered\"}").value());
        }
    }

    @Test
    void debugReturnsTheLogTheMetricsAndTheModule() throws Exception {
        try (Listeners l = new Listeners()) {
            String body = given().queryParam("module", "tcp_connect").queryParam("target", "127.0.0.1:" + l.tcpBanner(""))
                    .queryParam("debug", "true").get("/probe").then().statusCode(200).contentType(is("text/plain"))
                    .extract().asString();
            assertTrue(body.startsWith("Logs for the probe:\n"), body);
            assertTrue(body.contains("msg=\"Beginning probe\" probe=tcp timeout_seconds=5"), body);
            assertTrue(body.contains("level=info msg=\"Successfully dialed\""), body);
            assertTrue(body.contains("\n\n\nMetrics that would have been returned:\n# HELP probe_dns_lookup_time_seconds"), body);
            assertTrue(body.contains("\n\n\nModule configuration:\nprober: tcp\ntimeout: 5s\n"), body);
        }
    }

    @Test
    void badModulesAndTargetsAre400NamingTheParameter() {
        given().queryParam("module", "nope").queryParam("target", "127.0.0.1:80").get("/probe").then().statusCode(400)
                .body("field", is("module")).body("error", containsString("tcp_connect"));
        given().queryParam("target", "127.0.0.1:80").get("/probe").then().statusCode(400).body("field", is("module"));
        for (String bad : new String[] {"127.0.0.1", "127.0.0.1:0", "127.0.0.1:65536", "::1:80", "[]:80", "[127.0.0.1]:80",
            "a b:80", "127.0.0.1:\uFF18\uFF10", ":80", "127.0.0.1:-1"}) {
            given().queryParam("module", "tcp_connect").queryParam("target", bad).get("/probe").then().statusCode(400)
                    .body("field", is("target"));
        }
        given().queryParam("module", "tcp_connect").get("/probe").then().statusCode(400).body("field", is("target"));
        given().queryParam("module", "tcp_connect").queryParam("target", "[::1]:1").get("/probe").then().statusCode(200)
                .body(containsString("probe_ip_protocol 6"));
    }

    @Test
    void theTargetPolicyAppliesAsEverywhere() {
        given().queryParam("module", "tcp_connect").queryParam("target", "169.254.169.254:80").get("/probe").then()
                .statusCode(403).body("error", containsString("link-local"));
        given().queryParam("module", "tcp_connect").queryParam("target", "10.1.2.3:80").get("/probe").then()
                .statusCode(403);
    }

    @Test
    void prometheusScrapeTimeoutCapsTheModuleTimeout() throws Exception {
        try (Listeners l = new Listeners()) {
            long start = System.nanoTime();
            String body = given().header("X-Prometheus-Scrape-Timeout-Seconds", "1.2").queryParam("module", "tcp_connect")
                    .queryParam("target", "127.0.0.1:" + l.filteredPort()).get("/probe").then().statusCode(200)
                    .extract().asString();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds < 4, "1.2 s minus the 0.5 s offset, not the module's 5 s: " + seconds);
            assertTrue(body.contains("probe_success 0"), body);
        }
    }
}
