package dev.l4lab.echo.faults;

import static dev.l4lab.echo.Wire.connect;
import static dev.l4lab.echo.Wire.readExactly;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.echo.Metrics;
import dev.l4lab.echo.Ports;
import dev.l4lab.echo.Wire;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each fault as a client sees it, plus the REST contract of /faults. */
@QuarkusTest
class FaultsTest {

    private final Ports ports = new Ports();

    @AfterEach
    void clearFaults() {
        given().delete("/faults").then().statusCode(200);
    }

    private static void put(String json) {
        given().contentType(ContentType.JSON).body(json).put("/faults").then().statusCode(200);
    }

    @Test
    void putReplacesGetShowsDeleteClears() {
        given().contentType(ContentType.JSON).body("{\"latencyMs\":5,\"udpDropRate\":0.25,\"refuse\":[]}")
            .put("/faults").then().statusCode(200).body("latencyMs", equalTo(5));
        given().get("/faults").then().statusCode(200)
            .body("latencyMs", equalTo(5)).body("udpDropRate", equalTo(0.25f)).body("jitterMs", equalTo(0))
            .body("maxConnections", nullValue()).body("unhealthy", equalTo(false));
        put("{\"jitterMs\":7}");
        given().get("/faults").then().body("latencyMs", equalTo(0)).body("jitterMs", equalTo(7));
        given().delete("/faults").then().statusCode(200);
        given().get("/faults").then().body("jitterMs", equalTo(0)).body("refuse.size()", equalTo(0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"latencyMs\":60001}|latencyMs",
        "{\"latencyMs\":-1}|latencyMs",
        "{\"latencyMs\":1.5}|latencyMs",
        "{\"jitterMs\":\"10\"}|jitterMs",
        "{\"udpDropRate\":1.5}|udpDropRate",
        "{\"tcpResetRate\":-0.1}|tcpResetRate",
        "{\"refuse\":[\"sctp\"]}|refuse",
        "{\"refuse\":\"tcp\"}|refuse",
        "{\"blackhole\":\"yes\"}|blackhole",
        "{\"maxConnections\":1000001}|maxConnections",
        "{\"maxConnections\":-1}|maxConnections",
        "{\"unhealthy\":1}|unhealthy",
        "{\"latencyMs\":99999999999}|latencyMs",
        "{\"latencyMs\":1e3}|latencyMs",
        "{\"latencyMs\":true}|latencyMs",
        "{\"udpDropRate\":\"0.5\"}|udpDropRate",
        "{\"refuse\":[1]}|refuse",
        "{\"refuse\":[\"tcp\",null]}|refuse",
        "{\"latncyMs\":5}|latncyMs",
        "{\"latencyMs\":99999,\"latencyMs\":0}|latencyMs",
        "{\"refuse\":[],\"blackhole\":true,\"refuse\":[\"udp\"]}|refuse"})
    void outOfRangeOrUnknownFieldsGet400NamingTheField(String body, String field) {
        given().contentType(ContentType.JSON).body(body).put("/faults").then().statusCode(400)
            .contentType(ContentType.JSON).body("field", equalTo(field)).body("error", containsString(field));
        given().get("/faults").then().body("latencyMs", equalTo(0)); // plan unchanged
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"latencyMs\":", "[1,2]", "null", "\"tcp\"", "", "   ",
        "{\"latencyMs\":5} {\"latencyMs\":9}", "{\"latencyMs\":5}]", "{\"latencyMs\":5} x", "{\"latencyMs\":5}{}"})
    void malformedBodiesAndTrailingJsonGet400NamingTheBody(String body) {
        given().contentType(ContentType.JSON).body(body).put("/faults").then().statusCode(400)
            .contentType(ContentType.JSON).body("field", equalTo("body")).body("error", containsString("body"));
        given().get("/faults").then().body("latencyMs", equalTo(0)); // plan unchanged
    }

    @Test
    void anyContentTypeIsReadAsJsonAndWholeNumbersAreFineForRates() {
        given().contentType("application/x-www-form-urlencoded").body("{\"udpDropRate\":1,\"refuse\":[]}")
            .put("/faults").then().statusCode(200).body("udpDropRate", equalTo(1.0f));
    }

    @Test
    void aRebindThatFailsAnswers409AndTheFaultPlanStaysTrue() throws Exception {
        int port = ports.tcpEcho();
        put("{\"refuse\":[\"tcp\"],\"latencyMs\":7}");
        try (ServerSocket squatter = bindWhenFree(port)) {
            given().delete("/faults").then().statusCode(409).contentType(ContentType.JSON)
                .body("field", equalTo("refuse")).body("error", containsString("tcp/" + port));
            given().get("/faults").then().statusCode(200)
                .body("refuse", equalTo(List.of("tcp"))).body("latencyMs", equalTo(7));
            given().get("/q/health/ready").then().statusCode(503);
        }
        given().delete("/faults").then().statusCode(200).body("refuse.size()", equalTo(0));
        try (Socket s = connect(port)) {
            s.getOutputStream().write(3);
            assertEquals(3, s.getInputStream().read());
        }
    }

    /** A listener on the port the refuse fault just gave up; the kernel may take a moment to release it. */
    private static ServerSocket bindWhenFree(int port) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            ServerSocket s = new ServerSocket();
            try {
                s.bind(new InetSocketAddress(Wire.HOST, port));
                return s;
            } catch (IOException inUse) {
                s.close();
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("tcp/" + port + " still taken 10 s after the refuse fault", inUse);
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void aSecondSocketOnTheUdpPortKeepsItFromBeingBoundAgain() throws Exception {
        int port = ports.udpEcho();
        put("{\"refuse\":[\"udp\"]}");
        // Like a second instance: with SO_REUSEADDR on both sockets Linux would let both bind the port.
        try (DatagramSocket squatter = new DatagramSocket(null)) {
            squatter.setReuseAddress(true);
            squatter.bind(new InetSocketAddress(Wire.HOST, port));
            given().delete("/faults").then().statusCode(409)
                .body("field", equalTo("refuse")).body("error", containsString("udp/" + port));
            given().get("/faults").then().body("refuse", equalTo(List.of("udp")));
        }
        given().delete("/faults").then().statusCode(200);
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(Wire.HOST, 0))) {
            s.setSoTimeout(3000);
            s.send(new DatagramPacket(new byte[] {4}, 1, new InetSocketAddress(Wire.HOST, port)));
            s.receive(new DatagramPacket(new byte[4], 4));
        }
    }

    @Test
    void tcpLatencyHoldsAtMostItsShareOfTheConnectionBuffer() throws Exception {
        put("{\"latencyMs\":3000}");
        try (Socket s = connect(ports.tcpEcho())) {
            s.setSoTimeout(10_000);
            byte[] chunk = new byte[256 * 1024];
            Thread writer = new Thread(() -> {
                try {
                    s.getOutputStream().write(chunk);
                } catch (IOException closedByTest) {
                    // the test closes the socket under a blocked write
                }
            }, "latency-writer");
            writer.setDaemon(true);
            writer.start();
            long in = Wire.stable(10_000, 500, () -> {
                Map<String, Object> row = Wire.connectionOf(s);
                return row == null ? -1 : Wire.number(row, "bytesIn");
            });
            Map<String, Object> row = Wire.connectionOf(s);
            long held = in - Wire.number(row, "bytesOut");
            // reading stops at half the 32 KiB buffer; the read that crossed the mark is at most the other half
            assertTrue(in > 0 && held <= 32 * 1024, "held " + held + " bytes for the latency fault (read " + in + ")");
        }
    }

    @Test
    void udpLatencyBacklogIsBoundedInBytesAndDropsAreCounted() throws Exception {
        String backlog = "echo_datagrams_dropped_total{reason=\"backlog\"}";
        double droppedBefore = Metrics.value(backlog);
        double receivedBefore = Metrics.value("echo_datagrams_received_total");
        put("{\"latencyMs\":2000}");
        byte[] big = new byte[65_507];
        InetSocketAddress echo = new InetSocketAddress(Wire.HOST, ports.udpEcho());
        try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(Wire.HOST, 0))) {
            for (int i = 0; i < 100; i++) {
                u.send(new DatagramPacket(big, big.length, echo));
                Thread.sleep(2); // pace them, so the kernel does not drop them before the service reads
            }
        }
        // 4 MiB holds at most 64 datagrams of 65507 bytes (+256 bytes of bookkeeping each): the rest is dropped
        assertTrue(Wire.eventually(5000, () -> Metrics.value("echo_datagrams_received_total") - receivedBefore >= 90));
        double received = Metrics.value("echo_datagrams_received_total") - receivedBefore;
        double dropped = Metrics.value(backlog) - droppedBefore;
        assertTrue(dropped >= received - 64, received + " received, only " + dropped + " dropped for the backlog");
    }

    @Test
    void tcpResetRateOneMakesTheClientSeeConnectionReset() throws Exception {
        put("{\"tcpResetRate\":1.0}");
        try (Socket s = connect(ports.tcpEcho())) {
            s.getOutputStream().write("hello".getBytes());
            SocketException e = assertThrows(SocketException.class, () -> s.getInputStream().read());
            assertTrue(e.getMessage().contains("Connection reset"), e.getMessage());
        }
    }

    @Test
    void refuseTcpUnbindsTheEchoPortThenDeleteRebindsIt() throws Exception {
        int port = ports.tcpEcho();
        put("{\"refuse\":[\"tcp\"]}");
        assertThrows(ConnectException.class, () -> connect(port).close());
        given().get("/q/health/ready").then().statusCode(503);
        try (Socket discard = connect(ports.discard())) {
            assertTrue(discard.isConnected(), "other listeners keep working");
        }
        given().delete("/faults").then().statusCode(200);
        try (Socket s = connect(port)) {
            s.getOutputStream().write(7);
            assertEquals(7, s.getInputStream().read());
        }
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void refuseUdpMakesTheKernelAnswerPortUnreachable() throws Exception {
        int port = ports.udpEcho();
        put("{\"refuse\":[\"udp\"]}");
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(Wire.HOST, 0))) {
            s.setSoTimeout(400);
            s.connect(new InetSocketAddress(Wire.HOST, port)); // connected: ICMP errors are reported
            // The kernel's global ICMP budget (net.ipv4.icmp_msgs_per_sec) is shared with everything else on
            // this machine, so one ICMP may be suppressed: try a few times, but an echo reply fails at once.
            boolean unreachable = false;
            for (int attempt = 0; attempt < 5 && !unreachable; attempt++) {
                s.send(new DatagramPacket(new byte[] {1}, 1));
                try {
                    s.receive(new DatagramPacket(new byte[16], 16));
                    throw new AssertionError("a refused UDP port answered");
                } catch (PortUnreachableException expected) {
                    unreachable = true;
                } catch (SocketTimeoutException suppressedIcmp) {
                    // try again
                }
            }
            assertTrue(unreachable, "no ICMP port unreachable in 5 attempts");
        }
        given().delete("/faults").then().statusCode(200);
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(Wire.HOST, 0))) {
            s.setSoTimeout(2000);
            s.send(new DatagramPacket(new byte[] {9}, 1, new InetSocketAddress(Wire.HOST, port)));
            DatagramPacket p = new DatagramPacket(new byte[16], 16);
            s.receive(p);
            assertEquals(1, p.getLength());
        }
    }

    @Test
    void blackholeAcceptsButNeverAnswers() throws Exception {
        put("{\"blackhole\":true}");
        try (Socket s = connect(ports.tcpEcho())) {
            s.setSoTimeout(700);
            s.getOutputStream().write("anyone?".getBytes());
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
        }
        try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(Wire.HOST, 0))) {
            u.setSoTimeout(500);
            u.send(new DatagramPacket(new byte[] {1}, 1, new InetSocketAddress(Wire.HOST, ports.udpEcho())));
            assertThrows(SocketTimeoutException.class, () -> u.receive(new DatagramPacket(new byte[4], 4)));
        }
    }

    @Test
    void latencyDelaysEveryEchoByAtLeastTheConfiguredTime() throws Exception {
        put("{\"latencyMs\":300,\"jitterMs\":50}");
        try (Socket s = connect(ports.tcpEcho())) {
            for (int i = 0; i < 2; i++) {
                long start = System.nanoTime();
                s.getOutputStream().write(new byte[] {1, 2, 3});
                assertArrayEquals(new byte[] {1, 2, 3}, readExactly(s.getInputStream(), 3));
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertTrue(ms >= 300, "TCP echo took only " + ms + " ms");
            }
        }
        try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(Wire.HOST, 0))) {
            u.setSoTimeout(3000);
            long start = System.nanoTime();
            u.send(new DatagramPacket(new byte[] {5}, 1, new InetSocketAddress(Wire.HOST, ports.udpEcho())));
            u.receive(new DatagramPacket(new byte[4], 4));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 300, "UDP echo took only " + ms + " ms");
        }
    }

    @Test
    void latencyWithJitterKeepsTheStreamInOrder() throws Exception {
        put("{\"latencyMs\":1,\"jitterMs\":40}");
        byte[] sent = new byte[200_000];
        new java.util.Random(7).nextBytes(sent);
        try (Socket s = connect(ports.tcpEcho())) {
            Thread writer = new Thread(() -> {
                try {
                    for (int off = 0; off < sent.length; off += 1000) {
                        s.getOutputStream().write(sent, off, 1000);
                    }
                } catch (Exception ignored) {
                    // the read side reports the failure
                }
            });
            writer.start();
            assertArrayEquals(sent, readExactly(s.getInputStream(), sent.length));
            writer.join(5000);
        }
    }

    @Test
    void udpDropRateOneDropsEveryDatagram() throws Exception {
        put("{\"udpDropRate\":1.0}");
        try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(Wire.HOST, 0))) {
            u.setSoTimeout(400);
            for (int i = 0; i < 3; i++) {
                u.send(new DatagramPacket(new byte[] {1}, 1, new InetSocketAddress(Wire.HOST, ports.udpEcho())));
            }
            assertThrows(SocketTimeoutException.class, () -> u.receive(new DatagramPacket(new byte[4], 4)));
        }
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("echo_faults_injected_total{kind=\"udp-drop\"}"), "udp-drop counted");
        assertTrue(metrics.contains("echo_datagrams_dropped_total{reason=\"fault-drop\"}"));
    }

    @Test
    void maxConnectionsCapClosesConnectionsOverTheCap() throws Exception {
        assertTrue(Wire.eventually(3000, () -> given().get("/connections").then().extract().jsonPath()
            .getInt("count") == 0), "no leftover connections from earlier tests");
        put("{\"maxConnections\":1}");
        try (Socket first = connect(ports.tcpEcho())) {
            first.getOutputStream().write(1);
            assertEquals(1, first.getInputStream().read());
            try (Socket second = connect(ports.tcpEcho())) {
                assertEquals(-1, second.getInputStream().read(), "over-cap connection is closed at once");
            }
            first.getOutputStream().write(2);
            assertEquals(2, first.getInputStream().read(), "the admitted connection is unaffected");
        }
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertTrue(metrics.contains("echo_connections_refused_total{listener=\"echo\",reason=\"fault-cap\"}"), metrics);
    }

    @Test
    void theProxyWhoamiPortCountsAgainstTheSameConnectionCap() throws Exception {
        assertTrue(Wire.eventually(3000, () -> given().get("/connections").then().extract().jsonPath()
            .getInt("count") == 0), "no leftover connections from earlier tests");
        String refused = "echo_connections_refused_total{listener=\"whoami-proxy\",reason=\"fault-cap\"}";
        double before = Metrics.value(refused);
        put("{\"maxConnections\":2}");
        byte[] request = "PROXY UNKNOWN\r\nGET /whoami HTTP/1.1\r\nHost: echo\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try (Socket discard = connect(ports.discard()); Socket kept = connect(ports.whoamiProxy())) {
            kept.getOutputStream().write(request);
            assertEquals("HTTP/1.1 200 OK", new String(readExactly(kept.getInputStream(), 15), StandardCharsets.US_ASCII));
            assertTrue(Wire.eventually(3000, () -> given().get("/connections").then().extract().jsonPath()
                .getInt("count") == 2), "a kept-alive whoami connection is counted");
            try (Socket over = connect(ports.whoamiProxy())) {
                over.getOutputStream().write(request);
                assertEquals(-1, readOrReset(over), "the third connection is closed unanswered");
            }
        }
        assertEquals(before + 1, Metrics.value(refused));
    }

    /** -1 for EOF or RST (both mean "closed by the server"), else the first byte. */
    private static int readOrReset(Socket s) throws IOException {
        try {
            return s.getInputStream().read();
        } catch (SocketException reset) {
            return -1;
        }
    }

    @Test
    void unhealthyTurnsReadinessDownWhileEchoKeepsWorking() throws Exception {
        put("{\"unhealthy\":true}");
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        try (Socket s = connect(ports.tcpEcho())) {
            s.getOutputStream().write(42);
            assertEquals(42, s.getInputStream().read());
        }
        given().delete("/faults");
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsExposeTheCountersByListener() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String name : Arrays.asList("echo_connections_active{listener=\"echo\"}",
            "echo_connections_total{listener=\"chargen\"}", "echo_bytes_received_total{listener=\"echo\"}",
            "echo_bytes_sent_total{listener=\"udp-echo\"}", "echo_datagrams_received_total",
            "echo_datagrams_sent_total")) {
            assertTrue(metrics.contains(name), "missing " + name);
        }
    }
}
