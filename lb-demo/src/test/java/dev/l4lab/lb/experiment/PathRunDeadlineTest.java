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
        // 100 sequential requests of >= 100 ms each need >= 10 s; the deadline is 1 s. Only bounds are asserted
        // (a busy CI machine makes every request slower, never faster), with room for a run that stalls.
        long start = System.nanoTime();
        PathResult r = new PathRun(vertx, target, new ExperimentParams(100, 1, true, false),
                start + TimeUnit.MILLISECONDS.toNanos(1000)).run().toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // The first request is issued at once; a request is only issued before the deadline, one at a time, and
        // each takes >= 100 ms, so at most 11 can have started (t = 0, 100, ..., 1000 ms).
        assertTrue(r.completed() + r.failed() >= 1, "the first request ran: " + r);
        assertTrue(r.completed() + r.failed() <= 11, "requests issued before the deadline: " + r);
        assertTrue(r.completed() < r.requested(), "partial");
        assertTrue(ms >= 1000, "ran until the deadline: " + ms + " ms");
        assertTrue(ms < 8000, "stopped at the deadline (+ one in-flight request), not after 100 x 100 ms: " + ms + " ms");
        assertEquals(0, r.failed(), "errors: " + r.errors());
        assertEquals(1, r.connections());
    }

    @Test
    void nearestRankPercentile() {
        long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(5, Tally.percentile(sorted, 50));
        assertEquals(10, Tally.percentile(sorted, 99));
        assertEquals(0, Tally.percentile(new long[0], 50));
    }
}
