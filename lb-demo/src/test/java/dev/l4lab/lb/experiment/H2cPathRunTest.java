package dev.l4lab.lb.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One h2c path against real servers: the streams use exactly the connections asked for, and failures are counted. */
class H2cPathRunTest {

    private Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
    }

    private int whoami(boolean h2c) throws Exception {
        return vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(h2c)).requestHandler(req -> req
                .response().end(new JsonObject().put("instance", "only").put("peer", new JsonObject()
                        .put("address", "127.0.0.1").put("port", 1)).encode()))
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).actualPort();
    }

    private PathResult run(int port, int streams, int connections) throws Exception {
        PathTarget target = new PathTarget("L4", "test", "127.0.0.1", port, ClientAddressSource.PEER);
        return new PathRun(vertx, target, new ExperimentParams(streams, connections, true, false, Protocol.H2C),
                System.nanoTime() + TimeUnit.SECONDS.toNanos(20)).run().toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
    }

    @Test
    void manyStreamsTravelOverExactlyTheConnectionsAskedFor() throws Exception {
        PathResult r = run(whoami(true), 100, 3);
        assertEquals(100, r.completed(), "errors: " + r.errors());
        assertEquals(3, r.connections());
        assertEquals(100, r.distribution().get("only"));
    }

    @Test
    void aServerWithoutH2cFailsEveryStreamAndTheRunEnds() throws Exception {
        PathResult r = run(whoami(false), 20, 2);
        assertEquals(0, r.completed());
        assertEquals(20, r.failed());
        assertFalse(r.errors().isEmpty());
    }

    @Test
    void aPortNobodyListensOnIsCountedAsFailures() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PathResult r = run(port, 10, 2);
        assertEquals(10, r.failed());
        assertTrue(r.errors().keySet().stream().anyMatch(e -> e.toLowerCase().contains("refused")), r.errors().toString());
    }
}
