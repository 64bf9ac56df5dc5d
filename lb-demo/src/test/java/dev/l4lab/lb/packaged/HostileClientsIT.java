package dev.l4lab.lb.packaged;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.support.HttpTestBackends;
import dev.l4lab.lb.support.TestBackends;
import dev.l4lab.lb.support.Udp;
import dev.l4lab.lb.support.UdpExactEcho;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * lb-demo as packaged (the jar, the images' JVM flags: 128 MiB heap, serial GC, exit on OOM), attacked on loopback
 * as a hostile user would, each attack bounded in count and time. After each one lb-demo is alive, answers its
 * health check in its normal time, stayed under the memory bounds below, and counted what it refused.
 *
 * <p>Bounds: heap live after a collection under {@link #HEAP_BOUND}; direct buffers (Netty's pools, where the
 * relay buffers are) under {@link #DIRECT_BOUND}; resident size under {@link #RSS_BOUND}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileClientsIT {

    static final long MIB = 1 << 20;
    static final long HEAP_BOUND = 100 * MIB;
    static final long DIRECT_BOUND = 120 * MIB;
    static final long RSS_BOUND = 450 * MIB;
    static final long HEALTH_MS = 2000;

    static final int TCP_LIMIT = 300;
    static final int L7_LIMIT = 100;

    private final TestBackends tcpAndUdp = new TestBackends();
    private final HttpTestBackends http = new HttpTestBackends();
    private PackagedLb lb;

    static Map<String, String> config(Map<String, String> backends) {
        Map<String, String> m = new HashMap<>(backends);
        m.put("lb.event-loops", "2");
        for (String f : List.of("echo", "echo-udp", "echo-http", "echo-http-proxied", "echo-l7")) {
            m.put("lb.frontends." + f + ".bind", "127.0.0.1");
            m.put("lb.frontends." + f + ".port", "0");
        }
        m.put("lb.frontends.echo.max-connections", String.valueOf(TCP_LIMIT));
        m.put("lb.frontends.echo-http.max-connections", "50");
        m.put("lb.frontends.echo-l7.pool", "web");
        m.put("lb.frontends.echo-l7.max-connections", String.valueOf(L7_LIMIT));
        m.put("lb.frontends.echo-l7.request-header-timeout", "2S");
        m.put("lb.frontends.echo-udp.udp.max-sessions", "500");
        m.put("lb.frontends.echo-udp.udp.new-sessions-per-second", "50");
        m.put("lb.frontends.echo-udp.udp.session-timeout", "5S");
        for (String p : List.of("echo", "echo-http", "echo-udp")) {
            m.put("lb.pools." + p + ".health.interval", "500MS");
            m.put("lb.pools." + p + ".health.timeout", "500MS");
        }
        m.put("lb.pools.echo-udp.health.type", "udp");
        for (String p : List.of("web", "web-proxied", "echo-udp-by-name", "echo-http-proxied")) {
            m.put("lb.pools." + p + ".health.type", "none");
        }
        return m;
    }

    @BeforeAll
    void start() throws Exception {
        Map<String, String> backends = new HashMap<>(tcpAndUdp.start());
        backends.putAll(http.start());
        lb = PackagedLb.start(config(backends), OptionalInt.empty());
    }

    @AfterAll
    void stop() throws Exception {
        if (lb != null) {
            lb.close();
        }
        tcpAndUdp.stop();
        http.stop();
    }

    // ---- what every attack must leave behind ----------------------------------------------------

    @AfterEach
    void stillHealthyAndBounded() throws Exception {
        assertHealthy(lb);
    }

    static void assertHealthy(PackagedLb lb) throws Exception {
        assertTrue(lb.alive(), "lb-demo is still running");
        long t0 = System.nanoTime();
        HttpResponse<String> ready = lb.get("/q/health/ready");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(200, ready.statusCode(), ready.body());
        assertTrue(ms < HEALTH_MS, "readiness answered in " + ms + " ms");
        assertBounded(lb);
    }

    static void assertBounded(PackagedLb lb) throws Exception {
        // Netty's pooled buffers (the relay buffers among them) are the JVM's direct buffers
        double direct = lb.metric("jvm_buffer_memory_used_bytes", "id=\"direct\"");
        assertTrue(direct < DIRECT_BOUND, "direct memory " + direct / MIB + " MiB");
        long rss = lb.rssBytes();
        assertTrue(rss < RSS_BOUND, "RSS " + rss / MIB + " MiB");
        double heap = lb.metric("jvm_memory_used_bytes", "area=\"heap\"");
        double heapMax = lb.metric("jvm_memory_max_bytes", "area=\"heap\"");
        assertTrue(heap <= heapMax, "heap " + heap / MIB + " MiB of " + heapMax / MIB);
        double afterGc = lb.metric("jvm_gc_live_data_size_bytes", "");
        assertTrue(afterGc < HEAP_BOUND, "heap live after the last collection: " + afterGc / MIB + " MiB");
        System.out.printf("lb-demo: RSS %d MiB, heap used %.0f MiB (live after the last GC %.0f MiB), direct %.1f MiB,"
                + " %d descriptors%n", rss / MIB, heap / MIB, afterGc / MIB, direct / MIB, lb.openDescriptors());
    }

    private JsonObject frontend(String name) throws Exception {
        for (Object o : new JsonArray(lb.get("/frontends").body())) {
            JsonObject f = (JsonObject) o;
            if (f.getString("name").equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no frontend " + name);
    }

    private long dropped(String frontend, String reason) throws Exception {
        return frontend(frontend).getJsonObject("dropped").getLong(reason);
    }

    private int port(String frontend) throws Exception {
        return frontend(frontend).getInteger("port");
    }

    private void awaitActive(String frontend, long n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long now = -1;
        while (System.nanoTime() < deadline) {
            now = frontend(frontend).getLong("activeConnections");
            if (now == n) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(frontend + ": " + now + " open, waited for " + n);
    }

    private void allBackendsUp(String pool) throws Exception {
        JsonObject p = new JsonObject(lb.get("/pools/" + pool).body());
        for (Object b : p.getJsonArray("backends")) {
            assertEquals("UP", ((JsonObject) b).getString("state"), "health checks still pass: " + b);
        }
    }

    private static String greeting(int port) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
                line.append((char) c);
            }
            return line.toString();
        }
    }

    // ---- the attacks --------------------------------------------------------------------------

    /**
     * Clients that send and never read, up to max-connections: the echo backends answer into them, so lb-demo's
     * buffers fill both ways until backpressure stops everyone. Memory stays within the relay budget, the
     * connection over the limit is refused and counted, and another frontend, the checks and the admin API go on.
     */
    @Test
    @Order(1)
    void nonReadingClientsUpToTheConnectionLimit() throws Exception {
        int port = port("echo");
        long refused = dropped("echo", "limit");
        List<SocketChannel> clients = new ArrayList<>();
        try {
            for (int i = 0; i < TCP_LIMIT; i++) {
                SocketChannel c = SocketChannel.open();
                // small socket buffers: what the client does not read piles up in lb-demo, not in this kernel
                c.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
                c.setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024);
                c.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                c.configureBlocking(false);
                clients.add(c);
            }
            long pushed = 0;
            ByteBuffer chunk = ByteBuffer.allocate(16 * 1024);
            for (int pass = 0; pass < 3; pass++) { // up to 512 KiB per client, never read
                for (SocketChannel c : clients) {
                    for (int n = 0; n < 32; n++) {
                        chunk.clear();
                        int w = c.write(chunk);
                        if (w == 0) {
                            break;
                        }
                        pushed += w;
                    }
                }
                Thread.sleep(500);
            }
            System.out.printf("non-reading clients pushed %d MiB%n", pushed >> 20);
            awaitActive("echo", TCP_LIMIT);
            try (Socket over = new Socket()) {
                over.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
                over.setSoTimeout(10_000);
                assertEquals(-1, over.getInputStream().read(), "the connection over the limit is closed at once");
            }
            assertEquals(refused + 1, dropped("echo", "limit"), "and counted");
            assertTrue(greeting(port("echo-http")).startsWith("127.0.0.1:"), "another frontend still serves");
            allBackendsUp("echo");
            assertHealthy(lb);
        } finally {
            for (SocketChannel c : clients) {
                c.close();
            }
        }
        awaitActive("echo", 0);
    }

    /**
     * L7 clients that send nothing, or a header one byte at a time, up to max-connections: all of them count,
     * the one over the limit is refused, and the 2 s header timeout ends each of them (408 to those that sent
     * part of a header), counted.
     */
    @Test
    @Order(2)
    void slowHeaderClients() throws Exception {
        int port = port("echo-l7");
        long refused = dropped("echo-l7", "limit");
        long timedOut = dropped("echo-l7", "header_timeout");
        List<Socket> clients = new ArrayList<>();
        ExecutorService drippers = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < L7_LIMIT; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
                s.setSoTimeout(15_000);
                clients.add(s);
            }
            awaitActive("echo-l7", L7_LIMIT);
            try (Socket over = new Socket()) {
                over.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
                over.setSoTimeout(10_000);
                assertEquals(-1, over.getInputStream().read(), "the connection over the limit is closed at once");
            }
            List<Socket> slow = clients.subList(0, L7_LIMIT / 2);
            // one byte to each slow client every 300 ms: never idle, never a whole header
            drippers.submit(() -> {
                byte[] header = "GET /whoami HTTP/1.1\r\nHost: lb\r\nX-Slow: 1234567890".getBytes(StandardCharsets.US_ASCII);
                for (byte b : header) {
                    for (Socket s : slow) {
                        try {
                            OutputStream out = s.getOutputStream();
                            out.write(b);
                            out.flush();
                        } catch (IOException closed) {
                            // the deadline passed: lb-demo closed it
                        }
                    }
                    Thread.sleep(300);
                }
                return null;
            });
            int answered408 = 0;
            for (Socket s : clients) {
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                if (answer.startsWith("HTTP/1.1 408 ")) {
                    answered408++;
                }
            }
            assertTrue(answered408 >= slow.size() - 2, "the trickling clients got 408: " + answered408);
            assertEquals(refused + 1, dropped("echo-l7", "limit"));
            assertEquals(timedOut + L7_LIMIT, dropped("echo-l7", "header_timeout"));
            awaitActive("echo-l7", 0);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
                s.setSoTimeout(10_000);
                s.getOutputStream().write("GET /whoami HTTP/1.1\r\nHost: lb\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(answer.startsWith("HTTP/1.1 200 "), "a normal request afterwards: " + answer);
            }
        } finally {
            drippers.shutdownNow();
            for (Socket s : clients) {
                s.close();
            }
        }
    }

    /** The largest UDP datagrams, from several clients at once, come back byte for byte. */
    @Test
    @Order(3)
    void largeDatagrams() throws Exception {
        int port = port("echo-udp");
        try (UdpExactEcho echo = new UdpExactEcho()) {
            List<String> others = new ArrayList<>();
            for (Object b : new JsonObject(lb.get("/pools/echo-udp").body()).getJsonArray("backends")) {
                others.add(((JsonObject) b).getString("address"));
            }
            assertEquals(201, lb.call("POST", "/pools/echo-udp/backends", "{\"address\":\"" + echo.name() + "\"}")
                    .statusCode());
            for (String b : others) {
                lb.call("PUT", "/pools/echo-udp/backends/" + b + "/state", "{\"state\":\"MAINT\"}");
            }
            ExecutorService clients = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> exact = new ArrayList<>();
                for (int c = 0; c < 8; c++) {
                    int seed = c;
                    exact.add(clients.submit(() -> {
                        int ok = 0;
                        try (DatagramSocket s = Udp.client()) {
                            s.setReceiveBufferSize(1 << 20);
                            byte[] sent = new byte[65_507];
                            byte[] buf = new byte[65_535];
                            Random random = new Random(seed);
                            for (int i = 0; i < 10; i++) {
                                random.nextBytes(sent);
                                s.send(new DatagramPacket(sent, sent.length, InetAddress.getLoopbackAddress(), port));
                                DatagramPacket reply = new DatagramPacket(buf, buf.length);
                                s.receive(reply);
                                assertArrayEquals(sent, Arrays.copyOf(buf, reply.getLength()));
                                ok++;
                            }
                        }
                        return ok;
                    }));
                }
                for (Future<Integer> f : exact) {
                    assertEquals(10, f.get(60, TimeUnit.SECONDS), "every 65507-byte reply byte-exact");
                }
            } finally {
                clients.shutdownNow();
                for (String b : others) {
                    lb.call("PUT", "/pools/echo-udp/backends/" + b + "/state", "{\"state\":\"UP\"}");
                }
                lb.call("DELETE", "/pools/echo-udp/backends/" + echo.name(), null);
            }
        }
    }

    /**
     * A burst of 1000 new client addresses while three sessions talk: the sessions lose nothing, and every flood
     * datagram is relayed or counted as dropped with its reason.
     */
    @Test
    @Order(4)
    void newClientBurstAgainstLiveSessions() throws Exception {
        int port = port("echo-udp");
        List<String> reasons = List.of("limit", "session_rate", "no_backend", "socket_error", "queue_full",
                "receive_buffer");
        long before = 0;
        for (String r : reasons) {
            before += dropped("echo-udp", r);
        }
        List<DatagramSocket> live = new ArrayList<>();
        List<DatagramSocket> flood = new ArrayList<>();
        ExecutorService pingers = Executors.newFixedThreadPool(3);
        try {
            for (int i = 0; i < 3; i++) {
                DatagramSocket s = Udp.client();
                live.add(s);
                assertNotNull(Udp.exchange(s, port, "hello"), "live session " + i);
            }
            for (int i = 0; i < 1000; i++) {
                flood.add(new DatagramSocket(0));
            }
            List<Future<Integer>> lost = new ArrayList<>();
            for (DatagramSocket s : live) {
                lost.add(pingers.submit(() -> {
                    int missing = 0;
                    for (int n = 0; n < 100; n++) {
                        if (Udp.exchange(s, port, "ping" + n) == null) {
                            missing++;
                        }
                    }
                    return missing;
                }));
            }
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < flood.size(); i++) {
                    Udp.send(flood.get(i), port, "flood" + i);
                    if (i % 25 == 24) {
                        Thread.sleep(1);
                    }
                }
            }
            for (Future<Integer> f : lost) {
                assertEquals(0, f.get(60, TimeUnit.SECONDS), "datagrams of a live session lost during the burst");
            }
            int relayed = 0;
            for (DatagramSocket s : flood) {
                s.setSoTimeout(1);
                while (Udp.receive(s) != null) {
                    relayed++;
                }
            }
            Thread.sleep(1200); // the kernel's drop count is read at most once a second
            long dropped = -before;
            for (String r : reasons) {
                dropped += dropped("echo-udp", r);
            }
            assertEquals(2 * flood.size(), relayed + dropped, "relayed " + relayed + " + dropped " + dropped);
        } finally {
            pingers.shutdownNow();
            live.forEach(DatagramSocket::close);
            flood.forEach(DatagramSocket::close);
        }
    }

    /** The status of one call, or -1 when lb-demo closed the connection instead of answering. */
    private int status(String method, String path, String json) throws Exception {
        try {
            return lb.call(method, path, json).statusCode();
        } catch (IOException closed) {
            return -1;
        }
    }

    /** Absurd admin input: each gets a 4xx (or, too long to read, a closed connection) and nothing changes. */
    @Test
    @Order(5)
    void absurdAdminInput() throws Exception {
        double refusedBefore = clientErrors();
        assertEquals(400, status("POST", "/pools/echo/backends", "{\"address\":\"" + "a".repeat(100_000) + ":80\"}"),
                "a 100k-character host");
        assertEquals(400, status("POST", "/pools/echo/backends", "{\"address\":\".:80\"}"), "the host '.'");
        assertEquals(400, status("PUT", "/pools/echo/algorithm", "{\"algorithm\":5}"), "a number for a name");
        assertEquals(400, status("PUT", "/pools/echo/algorithm", "[".repeat(100_000)), "JSON nested 100000 deep");
        assertEquals(400, status("PUT", "/pools/echo/algorithm", "{\"algorithm\":\"" + "x".repeat(2_000_000) + "\"}"),
                "a 2 MB algorithm name");
        assertEquals(400, status("POST", "/pools/echo/backends", "\u0000\u00ff\u00fe"), "not JSON");
        assertEquals(400, status("POST", "/experiments/l4-vs-l7", "{\"requests\":1000000000}"), "10^9 requests");
        int longPath = status("GET", "/pools/" + "p".repeat(10_000), null);
        assertTrue(longPath == 414 || longPath == -1, "a 10k-character path: " + longPath);
        // Over quarkus.http.limits.max-body-size (10 MiB): 413, or the connection closed while the client still sends.
        try {
            int status = lb.call("PUT", "/pools/echo/algorithm", "{\"algorithm\":\"" + "x".repeat(11 << 20) + "\"}")
                    .statusCode();
            assertEquals(413, status, "an 11 MiB body");
        } catch (IOException closedWhileSending) {
            // refused without reading it: fine
        }
        JsonObject echo = new JsonObject(lb.get("/pools/echo").body());
        assertEquals("round-robin", echo.getString("algorithm"), "nothing changed");
        assertEquals(3, echo.getJsonArray("backends").size(), "nothing added");
        assertTrue(clientErrors() - refusedBefore >= 7, "the refusals are counted (lb_admin_rejected_total)");
    }

    /** Admin requests answered with an error, as lb-demo counts them. */
    private double clientErrors() throws Exception {
        try {
            return lb.metric("lb_admin_rejected_total", "status=");
        } catch (AssertionError none) {
            return 0; // no 4xx answered yet
        }
    }
}
