package dev.l4lab.lb.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The time cap: a run against a slow whoami stops at its deadline and says how far it got. */
class PathRunDeadlineTest {

    private Vertx vertx;
    private int port;

    @BeforeEach
    void slowWhoami() throws Exception {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(req -> vertx.setTimer(100, t -> req.response()
                .end(new JsonObject().put("instance", "slow").put("peer", new JsonObject()
                        .put("address", "127.0.0.1").put("port", 1)).encode())));
        port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS)
                .actualPort();
    }

    @AfterEach
    void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
    }

    @Test
    void stopsAtTheDeadlineWithAPartialCount() throws Exception {
        PathTarget target = new PathTarget("L4", "test", "127.0.0.1", port, ClientAddressSource.PEER);
        long start = System.nanoTime();
        PathResult r = new PathRun(vertx, target, new ExperimentParams(50, 1, true, false),
                start + TimeUnit.MILLISECONDS.toNanos(1000)).run().toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // At most 10 requests of 100 ms fit in 1 s (fewer on a busy machine: the first one also connects and warms up).
        assertTrue(r.completed() >= 1 && r.completed() <= 10, "requests done by the deadline: " + r.completed());
        assertEquals(0, r.failed());
        assertTrue(r.completed() < r.requested(), "partial");
        assertTrue(ms < 3000, "stopped near the deadline, not after 50 x 100 ms: " + ms + " ms");
        assertEquals(1, r.connections());
    }

    @Test
    void nearestRankPercentile() {
        long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(5, PathRun.percentile(sorted, 50));
        assertEquals(10, PathRun.percentile(sorted, 99));
        assertEquals(0, PathRun.percentile(new long[0], 50));
    }
}
