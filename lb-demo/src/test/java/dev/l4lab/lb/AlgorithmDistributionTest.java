package dev.l4lab.lb;

import static dev.l4lab.lb.support.Clients.connect;
import static dev.l4lab.lb.support.Clients.readLine;
import static dev.l4lab.lb.support.Clients.setAlgorithm;
import static dev.l4lab.lb.support.Clients.setState;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.support.Clients;
import dev.l4lab.lb.support.TestBackends;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every algorithm's distribution, measured on real connections through the "echo" TCP frontend. */
@QuarkusTest
@QuarkusTestResource(TestBackends.class)
class AlgorithmDistributionTest {

    @Inject
    LbRuntime runtime;

    @AfterEach
    void restore() {
        setAlgorithm("echo", "round-robin");
        for (String b : backends()) {
            given().contentType("application/json").body("{\"weight\":1}").put("/pools/echo/backends/" + b + "/weight")
                    .then().statusCode(200);
            setState("echo", b, "UP");
        }
    }

    private List<String> backends() {
        return given().get("/pools/echo").then().statusCode(200).extract().path("backends.address");
    }

    private int port() {
        return runtime.port("echo");
    }

    /** Opens n sequential connections (closing each) and counts greetings per backend. */
    private Map<String, Integer> sequential(int n) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            String who = Clients.greeting(port());
            assertNotNull(who, "connection " + i + " got no backend");
            counts.merge(who, 1, Integer::sum);
        }
        return counts;
    }

    /** Opens n connections and keeps them all open while counting (connection-aware algorithms). */
    private Map<String, Integer> held(int n) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Socket s = connect(port());
                open.add(s);
                String who = readLine(s);
                assertNotNull(who);
                counts.merge(who, 1, Integer::sum);
            }
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
        return counts;
    }

    @Test
    void roundRobinIsExact() throws Exception {
        setAlgorithm("echo", "round-robin");
        Map<String, Integer> counts = sequential(30);
        assertEquals(3, counts.size(), counts.toString());
        counts.values().forEach(c -> assertEquals(10, c, counts.toString()));
    }

    @Test
    void smoothWeightedRoundRobinFollowsWeights() throws Exception {
        List<String> names = backends();
        for (int i = 0; i < names.size(); i++) {
            given().contentType("application/json").body("{\"weight\":" + (i + 1) + "}")
                    .put("/pools/echo/backends/" + names.get(i) + "/weight").then().statusCode(200);
        }
        setAlgorithm("echo", "weighted-round-robin");
        Map<String, Integer> counts = sequential(60);
        assertEquals(10, counts.get(names.get(0)), counts.toString());
        assertEquals(20, counts.get(names.get(1)), counts.toString());
        assertEquals(30, counts.get(names.get(2)), counts.toString());
    }

    @Test
    void leastConnectionsBalancesOpenConnections() throws Exception {
        setAlgorithm("echo", "least-connections");
        Map<String, Integer> counts = held(30);
        assertEquals(3, counts.size(), counts.toString());
        counts.values().forEach(c -> assertEquals(10, c, counts.toString()));
    }

    @Test
    void randomTwoChoicesStaysClose() throws Exception {
        setAlgorithm("echo", "random-two-choices");
        Map<String, Integer> counts = held(30);
        assertEquals(3, counts.size(), counts.toString());
        int max = counts.values().stream().max(Integer::compare).orElseThrow();
        int min = counts.values().stream().min(Integer::compare).orElseThrow();
        assertTrue(max - min <= 3, "two choices keeps open connections within 3: " + counts);
    }

    @Test
    void sourceHashPinsEachClientAddress() throws Exception {
        checkAffinity("source-hash");
    }

    @Test
    void maglevPinsEachClientAddressAndMovesFewOnRemoval() throws Exception {
        Map<String, String> before = checkAffinity("maglev");
        String removed = before.get("127.0.0.1");
        setState("echo", removed, "MAINT");
        Map<String, String> after = mapping(before.keySet());
        int kept = 0;
        int candidates = 0;
        for (Map.Entry<String, String> e : before.entrySet()) {
            assertTrue(!after.get(e.getKey()).equals(removed), "MAINT backend got a new connection");
            if (!e.getValue().equals(removed)) {
                candidates++;
                if (after.get(e.getKey()).equals(e.getValue())) {
                    kept++;
                }
            }
        }
        assertTrue(kept >= candidates * 0.8, "maglev kept only " + kept + " of " + candidates + " clients in place");
    }

    /** Same source, same backend; 24 sources reach all 3 backends. Returns source -> backend. */
    private Map<String, String> checkAffinity(String algorithm) throws Exception {
        setAlgorithm("echo", algorithm);
        List<String> sources = new ArrayList<>();
        for (int i = 1; i <= 24; i++) {
            sources.add("127.0.0." + i);
        }
        Map<String, String> first = mapping(sources);
        Map<String, String> second = mapping(sources);
        assertEquals(first, second, algorithm + " must map each source address to the same backend");
        assertEquals(3, new java.util.HashSet<>(first.values()).size(), "24 sources should reach 3 backends: " + first);
        return first;
    }

    private Map<String, String> mapping(Iterable<String> sources) throws IOException {
        Map<String, String> m = new HashMap<>();
        for (String src : sources) {
            try (Socket s = connect(src, port())) {
                String who = readLine(s);
                assertNotNull(who, "no backend for " + src);
                m.put(src, who);
            }
        }
        return m;
    }
}
