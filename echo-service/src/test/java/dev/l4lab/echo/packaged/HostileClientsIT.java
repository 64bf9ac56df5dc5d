package dev.l4lab.echo.packaged;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.echo.Metrics;
import dev.l4lab.echo.Wire;
import dev.l4lab.echo.config.ResourceBudget;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hostile-client suite: the packaged jar with the image's JVM flags (128 MiB heap, exit on OOM),
 * attacked on loopback by clients that never read, send headers one byte at a time, send the largest
 * datagrams under the latency fault, and send absurd fault plans. Every attack is bounded in count and time;
 * each test checks that the service is alive, answers health in its normal time, held no more memory than
 * its documented arithmetic allows, and counted what it refused.
 */
class HostileClientsIT {

    /**
     * Enough connections to prove the byte bound (they fit the 128 MiB heap by the service's own arithmetic),
     * fewer where the open-files limit is lower: this JVM holds one descriptor per client and the service one
     * per connection plus its reserve, each within the same limit.
     */
    private static final int CONNECTIONS = (int) Math.min(2000, ResourceBudget.openFilesLimit() - 600);
    private static final int CONNECTION_BUFFER = 32 * 1024;
    private static final long MIB = 1024 * 1024;

    private static final String CLIENT_ERRORS =
        "http_server_requests_seconds_count{method=\"PUT\",outcome=\"CLIENT_ERROR\",status=\"400\",uri=\"/faults\"}";

    private static PackagedEcho echo;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(CONNECTIONS >= 500, "ulimit -n " + ResourceBudget.openFilesLimit() + " is too low for this suite");
        echo = PackagedEcho.start("hostile", Map.of(
            "echo.limits.max-connections", Integer.toString(CONNECTIONS),
            "echo.limits.proxy-header-timeout", "1S",
            "echo.discard.proxy-protocol", "required"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (echo != null) {
            echo.close();
        }
    }

    @AfterEach
    void stillAliveAndAnsweringHealthPromptly() throws Exception {
        assertTrue(echo.alive(), () -> "echo-service died; log:\n" + echo.tail());
        long start = System.nanoTime();
        echo.api().get("/q/health/live").then().statusCode(200);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 2000, "health took " + ms + " ms");
        echo.api().delete("/faults").then().statusCode(200);
    }

    @Test
    void clientsThatSendAndNeverReadUpToTheLimitPinOnlyTheirBuffers() throws Exception {
        long baseline = echo.heapAfterGc();
        List<SocketChannel> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                clients.add(smallBufferedClient(echo.tcpEcho));
            }
            long sent = sendUntilStalled(clients, 256 * 1024);
            assertTrue(sent > CONNECTIONS * 64L * 1024, "the clients pushed only " + sent + " bytes");
            assertTrue(Wire.eventually(20_000, () -> connectionCount() == CONNECTIONS),
                "all " + CONNECTIONS + " admitted: " + connectionCount());
            // over the limit: accepted by the kernel, closed at once, counted
            String refused = "echo_connections_refused_total{listener=\"echo\",reason=\"max-connections\"}";
            double before = Metrics.value(scrape(), refused);
            for (int i = 0; i < 20; i++) {
                try (Socket over = Wire.connect(echo.tcpEcho)) {
                    over.setSoTimeout(5000);
                    assertEquals(-1, readOrReset(over.getInputStream()), "a connection over the limit is closed");
                }
            }
            assertEquals(before + 20, Metrics.value(scrape(), refused));
            long heap = echo.heapAfterGc();
            System.out.printf("%d non-reading clients sent %d MiB; live heap %d -> %d MiB, RSS %d MiB%n",
                CONNECTIONS, sent / MIB, baseline / MIB, heap / MIB, echo.rssBytes() / MIB);
            long bound = baseline + CONNECTIONS * (long) (CONNECTION_BUFFER + ResourceBudget.CONNECTION_OVERHEAD);
            assertTrue(heap <= bound, "live heap " + heap / MIB + " MiB with " + CONNECTIONS
                + " stalled clients; the arithmetic allows " + bound / MIB + " MiB");
            echo.api().get("/q/health/ready").then().statusCode(200);
        } finally {
            closeAll(clients);
        }
        assertTrue(Wire.eventually(20_000, () -> connectionCount() == 0), "every connection was released");
        try (Socket polite = Wire.connect(echo.tcpEcho)) {
            polite.getOutputStream().write("still echoing".getBytes(StandardCharsets.US_ASCII));
            assertEquals("still echoing", new String(Wire.readExactly(polite.getInputStream(), 13), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void clientsThatSendMegabytesAndNeverReadPinNoMoreThanTheirBuffer() throws Exception {
        // Past the kernel's buffers (megabytes per connection on loopback) a non-reading client's bytes land in
        // the service, which must stop reading at its connection buffer instead of queueing more reads.
        int clients = 48;
        long baseline = echo.heapAfterGc();
        List<SocketChannel> flooding = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                SocketChannel c = SocketChannel.open(new InetSocketAddress(Wire.HOST, echo.tcpEcho));
                c.configureBlocking(false);
                flooding.add(c);
            }
            long sent = sendUntilStalled(flooding, 6 * 1024 * 1024);
            long heap = echo.heapAfterGc();
            long perConnection = (heap - baseline) / clients;
            System.out.printf("%d non-reading clients sent %d MiB; live heap %d -> %d MiB (%d KiB per connection)%n",
                clients, sent / MIB, baseline / MIB, heap / MIB, perConnection / 1024);
            assertTrue(heap - baseline <= clients * (long) (CONNECTION_BUFFER + ResourceBudget.CONNECTION_OVERHEAD) + 4 * MIB,
                "live heap grew by " + (heap - baseline) / 1024 + " KiB for " + clients + " stalled clients ("
                    + perConnection / 1024 + " KiB each; the connection buffer is 32 KiB)");
        } finally {
            closeAll(flooding);
        }
        assertTrue(Wire.eventually(20_000, () -> connectionCount() == 0), "every connection was released");
    }

    @Test
    void clientsUnderTheLatencyFaultUpToTheLimitHoldOnlyTheirShare() throws Exception {
        long baseline = echo.heapAfterGc();
        // 5 s: long enough to hold everything read during the attack, short enough that the connections of
        // clients that closed are noticed (at the next write) within the test
        echo.api().contentType(ContentType.JSON).body("{\"latencyMs\":5000}").put("/faults").then().statusCode(200);
        List<SocketChannel> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                clients.add(smallBufferedClient(echo.tcpEcho));
            }
            long sent = sendUntilStalled(clients, 256 * 1024);
            long heap = echo.heapAfterGc();
            System.out.printf("%d clients under a 5 s latency sent %d MiB; live heap %d -> %d MiB%n",
                CONNECTIONS, sent / MIB, baseline / MIB, heap / MIB);
            long bound = baseline + CONNECTIONS * (long) (CONNECTION_BUFFER + ResourceBudget.CONNECTION_OVERHEAD);
            assertTrue(heap <= bound, "live heap " + heap / MIB + " MiB; the arithmetic allows " + bound / MIB + " MiB");
        } finally {
            closeAll(clients);
        }
        assertTrue(Wire.eventually(20_000, () -> connectionCount() == 0), "every connection was released");
    }

    @Test
    void slowAndOversizedProxyHeadersAreCutOffAndCounted() throws Exception {
        String scrape = scrape();
        double discardTimeouts = Metrics.value(scrape, "echo_proxy_rejects_total{listener=\"discard\",reason=\"timeout\"}");
        double whoamiTimeouts = Metrics.value(scrape, "echo_proxy_rejects_total{listener=\"whoami-proxy\",reason=\"timeout\"}");
        double v1Long = Metrics.value(scrape, "echo_proxy_rejects_total{listener=\"discard\",reason=\"v1-too-long\"}");
        double v2Long = Metrics.value(scrape, "echo_proxy_rejects_total{listener=\"whoami-proxy\",reason=\"v2-too-long\"}");
        List<SocketChannel> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                slow.add(smallBufferedClient(echo.discard));
                slow.add(smallBufferedClient(echo.whoamiProxy));
            }
            // one byte of "PROXY TCP4 1..." every 250 ms: the 1 s header deadline cuts them all off
            byte[] header = "PROXY TCP4 192.0.2.1 ".getBytes(StandardCharsets.US_ASCII);
            for (int step = 0; step < 12; step++) {
                for (SocketChannel c : slow) {
                    writeQuietly(c, new byte[] {header[step]});
                }
                Thread.sleep(250);
            }
            for (int i = 0; i < 100; i++) {
                expectClosed(echo.discard, ("PROXY UNKNOWN " + "x".repeat(92) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                expectClosed(echo.whoamiProxy, new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49,
                    0x54, 0x0A, 0x21, 0x11, (byte) 0xFF, (byte) 0xFF});
            }
        } finally {
            closeAll(slow);
        }
        assertTrue(Wire.eventually(10_000, () -> {
            String s = scrape();
            return Metrics.value(s, "echo_proxy_rejects_total{listener=\"discard\",reason=\"timeout\"}") >= discardTimeouts + 300
                && Metrics.value(s, "echo_proxy_rejects_total{listener=\"whoami-proxy\",reason=\"timeout\"}") >= whoamiTimeouts + 300;
        }), "every slow header was cut off by the deadline and counted: " + scrape().lines()
            .filter(l -> l.startsWith("echo_proxy_rejects")).toList());
        String after = scrape();
        assertEquals(v1Long + 100, Metrics.value(after, "echo_proxy_rejects_total{listener=\"discard\",reason=\"v1-too-long\"}"));
        assertEquals(v2Long + 100, Metrics.value(after, "echo_proxy_rejects_total{listener=\"whoami-proxy\",reason=\"v2-too-long\"}"));
        assertTrue(Wire.eventually(10_000, () -> connectionCount() == 0));
        // and a good header still gets through
        try (Socket s = Wire.connect(echo.whoamiProxy)) {
            s.getOutputStream().write(("PROXY TCP4 198.51.100.7 127.0.0.1 5555 8081\r\nGET /whoami HTTP/1.0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(Wire.readToEof(s.getInputStream()), StandardCharsets.US_ASCII);
            assertTrue(answer.contains("\"proxyClient\":{\"address\":\"198.51.100.7\",\"port\":5555}"), answer);
        }
    }

    @Test
    void theLargestDatagramsUnderTheLatencyFaultAreHeldUpToTheByteBound() throws Exception {
        long baseline = echo.heapAfterGc();
        echo.api().contentType(ContentType.JSON).body("{\"latencyMs\":60000}").put("/faults").then().statusCode(200);
        String before = scrape();
        byte[] largest = new byte[65_507];
        InetSocketAddress target = new InetSocketAddress(Wire.HOST, echo.udpEcho);
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(Wire.HOST, 0))) {
            for (int i = 0; i < 2500; i++) {
                client.send(new DatagramPacket(largest, largest.length, target));
                if (i % 4 == 3) {
                    Thread.sleep(1); // paced, so most of them reach the service instead of the kernel's drop
                }
            }
        }
        Thread.sleep(200);
        String after = scrape();
        double received = Metrics.value(after, "echo_datagrams_received_total") - Metrics.value(before, "echo_datagrams_received_total");
        double dropped = Metrics.value(after, "echo_datagrams_dropped_total{reason=\"backlog\"}")
            - Metrics.value(before, "echo_datagrams_dropped_total{reason=\"backlog\"}");
        assertTrue(received >= 1000, "only " + received + " of 2500 datagrams reached the service");
        // 4 MiB (echo.udp.max-delayed-bytes) holds 63 of them with their bookkeeping; the rest are dropped and counted
        assertTrue(dropped >= received - 64, received + " received, " + dropped + " dropped for the backlog");
        long heap = echo.heapAfterGc();
        System.out.printf("%.0f datagrams of 65507 bytes under a 60 s latency, %.0f dropped; live heap %d -> %d MiB%n",
            received, dropped, baseline / MIB, heap / MIB);
        assertTrue(heap <= baseline + 8 * MIB, "live heap grew from " + baseline / MIB + " to " + heap / MIB + " MiB");
    }

    @Test
    void absurdFaultPlansGetClientErrorsAndChangeNothing() throws Exception {
        List<String> bodies = List.of(
            "{\"latencyMs\":1e308}", "{\"latencyMs\":-9223372036854775809}", "{\"maxConnections\":99999999999999999999}",
            "{\"udpDropRate\":NaN}", "{\"udpDropRate\":\"Infinity\"}", "{\"refuse\":[" + "\"tcp\",".repeat(2000) + "\"sctp\"]}",
            "[".repeat(10_000), "{\"latencyMs\":" + "9".repeat(10_000) + "}", "{\"" + "k".repeat(12_000) + "\":1}",
            "\u0000\u0001\u0002", "{\"jitterMs\":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]}", "x".repeat(20 * 1024));
        double before = Metrics.value(scrape(), CLIENT_ERRORS);
        int badRequests = 0;
        for (String body : bodies) {
            int status = echo.api().contentType(ContentType.JSON).body(body).put("/faults").then()
                .statusCode(not(500)).extract().statusCode();
            assertTrue(status == 400 || status == 413, status + " for " + body.substring(0, Math.min(60, body.length())));
            badRequests += status == 400 ? 1 : 0;
        }
        echo.api().get("/faults").then().statusCode(200).body("latencyMs", equalTo(0))
            .body("refuse.size()", equalTo(0));
        // bodies over quarkus.http.limits.max-body-size are refused (413) before they reach the endpoint
        assertTrue(badRequests >= 5, badRequests + " of " + bodies.size() + " got 400");
        assertTrue(Metrics.value(scrape(), CLIENT_ERRORS) >= before + badRequests - 2, "the 400s are counted");
    }

    // ---- helpers ----

    private static SocketChannel smallBufferedClient(int port) throws IOException {
        SocketChannel c = SocketChannel.open();
        // small kernel buffers on our side, so the attack's kernel memory stays small too
        c.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
        c.setOption(StandardSocketOptions.SO_SNDBUF, 4096);
        c.connect(new InetSocketAddress(Wire.HOST, port));
        c.configureBlocking(false);
        return c;
    }

    /** Writes to every client without ever reading, until no client makes progress; returns bytes sent. */
    private static long sendUntilStalled(List<SocketChannel> clients, int perClient) throws InterruptedException {
        long[] sent = new long[clients.size()];
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        long deadline = System.nanoTime() + 60_000_000_000L;
        int idleRounds = 0;
        while (idleRounds < 5 && System.nanoTime() < deadline) {
            long progress = 0;
            for (int i = 0; i < clients.size(); i++) {
                if (sent[i] >= perClient) {
                    continue;
                }
                chunk.clear().limit((int) Math.min(chunk.capacity(), perClient - sent[i]));
                try {
                    int n = clients.get(i).write(chunk);
                    sent[i] += n;
                    progress += n;
                } catch (IOException closed) {
                    sent[i] = perClient;
                }
            }
            idleRounds = progress == 0 ? idleRounds + 1 : 0;
            Thread.sleep(progress == 0 ? 100 : 5);
        }
        long total = 0;
        for (long n : sent) {
            total += n;
        }
        return total;
    }

    private static void writeQuietly(SocketChannel c, byte[] bytes) {
        try {
            c.write(ByteBuffer.wrap(bytes));
        } catch (IOException closedByTheServer) {
            // expected once the deadline has passed
        }
    }

    private static void expectClosed(int port, byte[] header) throws IOException {
        try (Socket s = Wire.connect(port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(header);
            assertEquals(-1, readOrReset(s.getInputStream()));
        }
    }

    private static int readOrReset(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketTimeoutException t) {
            throw t;
        } catch (SocketException reset) {
            return -1;
        }
    }

    private static void closeAll(List<SocketChannel> clients) {
        for (SocketChannel c : clients) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static String scrape() {
        return echo.api().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    private static int connectionCount() {
        return echo.api().get("/connections").then().statusCode(200).extract().jsonPath().getInt("count");
    }
}
