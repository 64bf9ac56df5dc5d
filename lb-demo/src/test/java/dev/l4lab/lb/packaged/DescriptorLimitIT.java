package dev.l4lab.lb.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.support.HttpTestBackends;
import dev.l4lab.lb.support.TestBackends;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * lb-demo under a low descriptor limit (ulimit -n 1024): the limits it derives keep every frontend, the health
 * checks and the admin port inside it, so filling one frontend refuses that frontend's extra clients and nothing
 * else; and limits configured beyond it stop the start, naming the keys.
 */
class DescriptorLimitIT {

    private static final int NOFILE = 1024;

    private static Map<String, String> config(Map<String, String> backends) {
        Map<String, String> m = HostileClientsIT.config(backends);
        m.remove("lb.frontends.echo.max-connections"); // derived from the descriptor limit
        m.remove("lb.frontends.echo-http.max-connections");
        m.remove("lb.frontends.echo-l7.max-connections");
        m.remove("lb.frontends.echo-udp.udp.max-sessions");
        return m;
    }

    private static JsonObject frontend(PackagedLb lb, String name) throws Exception {
        for (Object o : new JsonArray(lb.get("/frontends").body())) {
            if (((JsonObject) o).getString("name").equals(name)) {
                return (JsonObject) o;
            }
        }
        throw new AssertionError("no frontend " + name);
    }

    private static Socket connect(int port) throws Exception {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        s.setSoTimeout(10_000);
        return s;
    }

    /** The first byte the backend greets with, or -1 when lb-demo closed the connection. */
    private static int firstByte(Socket s) throws Exception {
        InputStream in = s.getInputStream();
        return in.read();
    }

    @Test
    void oneFrontendAtItsLimitLeavesTheOthersTheChecksAndTheAdminPortAlone() throws Exception {
        TestBackends tcpAndUdp = new TestBackends();
        HttpTestBackends http = new HttpTestBackends();
        Map<String, String> backends = new HashMap<>(tcpAndUdp.start());
        backends.putAll(http.start());
        List<Socket> held = new ArrayList<>();
        try (PackagedLb lb = PackagedLb.start(config(backends), OptionalInt.of(NOFILE))) {
            JsonObject echo = frontend(lb, "echo");
            int limit = echo.getInteger("limit");
            assertTrue(limit > 10 && 2L * limit < NOFILE, "derived from ulimit -n " + NOFILE + ": " + limit);
            int port = echo.getInteger("port");
            for (int i = 0; i < limit; i++) {
                Socket s = connect(port);
                held.add(s);
                assertNotEquals(-1, firstByte(s), "connection " + i + " within the limit reaches a backend");
            }
            for (int i = 0; i < 20; i++) {
                try (Socket over = connect(port)) {
                    assertEquals(-1, firstByte(over), "a connection over the limit is closed at once");
                }
            }
            assertEquals(20, frontend(lb, "echo").getJsonObject("dropped").getLong("limit"), "and counted");
            try (Socket other = connect(frontend(lb, "echo-http").getInteger("port"))) {
                assertNotEquals(-1, firstByte(other), "another frontend still serves");
            }
            for (Object b : new JsonObject(lb.get("/pools/echo").body()).getJsonArray("backends")) {
                assertEquals("UP", ((JsonObject) b).getString("state"), "the checks still have descriptors: " + b);
            }
            HostileClientsIT.assertHealthy(lb);
            assertTrue(lb.openDescriptors() < NOFILE, "open descriptors: " + lb.openDescriptors());
            String log = lb.log();
            assertFalse(log.contains("Too many open files"), "no EMFILE anywhere:\n" + log);
            assertFalse(log.contains("accept failed"), "no accept error:\n" + log);
        } finally {
            for (Socket s : held) {
                s.close();
            }
            tcpAndUdp.stop();
            http.stop();
        }
    }

    @Test
    void limitsThatCannotFitStopTheStartNamingTheKeys() throws Exception {
        Map<String, String> nowhere = new HashMap<>();
        for (String pool : List.of("echo", "echo-http", "echo-http-proxied", "echo-udp", "echo-udp-by-name", "web",
                "web-proxied")) {
            nowhere.put("lb.pools." + pool + ".backends", "127.0.0.1:1"); // the start fails before any check
        }
        Map<String, String> m = config(nowhere);
        m.put("lb.frontends.echo.max-connections", "1000");
        PackagedLb.Failed failed = PackagedLb.startFailing(m, OptionalInt.of(NOFILE));
        assertNotEquals(0, failed.exitCode());
        assertTrue(failed.output().contains("lb.frontends.echo.max-connections: these limits need 1000 x 2"),
                failed.output());
        assertTrue(failed.output().contains("ulimit -n"), failed.output());
    }
}
