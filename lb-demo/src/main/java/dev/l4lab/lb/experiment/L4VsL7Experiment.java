package dev.l4lab.lb.experiment;

import dev.l4lab.lb.LbRuntime;
import dev.l4lab.lb.config.LbConfig;
import dev.l4lab.lb.frontend.Frontend;
import dev.l4lab.lb.rest.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Drives the same GET /whoami traffic through the L4 TCP frontend, the L7 frontend and optionally the L4
 * PROXY-protocol frontend, one path after the other, each with its share of the time cap, over HTTP/1.1 or h2c.
 * One run at a time.
 */
@Singleton
public class L4VsL7Experiment {

    private final LbRuntime runtime;
    private final LbConfig.Experiment config;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();

    public L4VsL7Experiment(LbRuntime runtime, LbConfig config, Vertx vertx) {
        this.runtime = runtime;
        this.config = config.experiment();
        this.vertx = vertx;
    }

    public Future<ExperimentResult> run(ExperimentParams params) {
        List<PathTarget> targets = new ArrayList<>();
        targets.add(target("L4", config.l4Frontend(), ClientAddressSource.PEER));
        targets.add(target("L7", config.l7Frontend(), ClientAddressSource.X_FORWARDED_FOR));
        if (params.proxyProtocol()) {
            targets.add(target("L4+PROXY", config.proxyFrontend(), ClientAddressSource.PROXY_HEADER));
        }
        if (!running.compareAndSet(false, true)) {
            throw new ApiException(409, null, "an experiment is already running; try again when it has finished");
        }
        long start = System.nanoTime();
        long maxNanos = config.maxDuration().toNanos();
        List<PathResult> results = new ArrayList<>();
        Future<Void> chain = Future.succeededFuture();
        for (int i = 0; i < targets.size(); i++) {
            PathTarget t = targets.get(i);
            int remainingPaths = targets.size() - i;
            chain = chain.compose(v -> {
                long now = System.nanoTime();
                long left = start + maxNanos - now;
                // Each path gets an equal share of what is left, so a slow first path cannot starve the next.
                return new PathRun(vertx, t, params, now + Math.max(0, left / remainingPaths)).run()
                        .map(r -> {
                            results.add(r);
                            return null;
                        });
            });
        }
        return chain.map(v -> {
            boolean partial = results.stream().anyMatch(r -> r.completed() + r.failed() < r.requested());
            PathResult proxied = results.size() > 2 ? results.get(2) : null;
            return new ExperimentResult(params.protocol().wire(), params.requests(), params.concurrency(), params.keepAlive(),
                    params.proxyProtocol(), partial, (System.nanoTime() - start) / 1_000_000,
                    config.maxDuration().toMillis(), List.copyOf(results),
                    Lessons.of(params, results.get(0), results.get(1), proxied, partial, config.maxDuration().toMillis()));
        }).andThen(ar -> running.set(false));
    }

    private PathTarget target(String label, String frontendName, ClientAddressSource source) {
        Frontend f = runtime.frontend(frontendName).filter(Frontend::bound).orElseThrow(() -> new ApiException(409,
                null, "frontend '" + frontendName + "' for the " + label + " path is not configured or not bound "
                        + "(lb.experiment.*-frontend)"));
        String host = config.host().filter(h -> !h.isBlank()).orElseGet(() -> wildcard(f.bindHost()) ? "127.0.0.1"
                : f.bindHost());
        return new PathTarget(label, frontendName, host, f.port(), source);
    }

    private static boolean wildcard(String bind) {
        return bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]");
    }
}
