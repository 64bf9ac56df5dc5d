package dev.l4lab.lb.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.l4lab.lb.LbRuntime;
import dev.l4lab.lb.support.HostileHttpBackend;
import dev.l4lab.lb.support.Http1;
import dev.l4lab.lb.support.Lb;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test of the L7 frontend "l7-hostile" (test profile: max-connections 3, request-timeout 2 s, idle-timeout 3 s)
 * over pool "hostile": each test attaches a fresh {@link HostileHttpBackend}, attacks, and then checks that nothing
 * was left behind: no client connection counted, no backend connection open, and the whole request budget
 * available (two requests at once, each on its own backend connection, fit max-connections 3 only if not one
 * request slot or backend connection leaked).
 */
abstract class HostileTest {

    static final String FRONTEND = "l7-hostile";
    static final String POOL = "hostile";

    @Inject
    LbRuntime runtime;

    HostileHttpBackend backend;

    @BeforeEach
    void attachBackend() throws Exception {
        backend = new HostileHttpBackend();
        Lb.addBackend(POOL, backend.address());
    }

    @AfterEach
    void detachBackend() throws Exception {
        try {
            Lb.removeBackend(POOL, backend.address());
        } finally {
            backend.close();
        }
    }

    int port() {
        return runtime.port(FRONTEND);
    }

    static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: lb.test\r\n\r\n";
    }

    /** Every client connection gone, every backend connection closed, and the full request budget there. */
    void assertNothingLeaked() throws Exception {
        Lb.awaitIdle(FRONTEND);
        assertBudgetIntact();
    }

    /** Two requests at once, each held by the backend until both arrived: both are served (200), none gets 503. */
    void assertBudgetIntact() throws Exception {
        backend.barrier(2);
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            answers.add(CompletableFuture.supplyAsync(() -> {
                try (Http1 c = Http1.open(port())) {
                    c.send(get("/barrier"));
                    return c.read().status();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<Integer> a : answers) {
            statuses.add(a.get(30, TimeUnit.SECONDS));
        }
        assertEquals(List.of(200, 200), statuses, "two requests at once after the attack (max-connections 3)");
    }

    /** Requests the frontend has taken so far (its totalConnections: for L7, requests). */
    static long requestsTaken() {
        Number n = given().get("/frontends").then().statusCode(200).extract()
                .path("find { it.name == '" + FRONTEND + "' }.totalConnections");
        return n.longValue();
    }

    /** Waits until the frontend stops taking requests for two seconds and returns how many it took (30 s at most). */
    static long requestsTakenWhenStalled() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long last = requestsTaken();
        long since = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(200);
            long now = requestsTaken();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > TimeUnit.SECONDS.toNanos(2)) {
                return last;
            }
        }
        throw new AssertionError("the frontend still takes requests after 30 s (" + last + ")");
    }
}
