package dev.l4lab.lb.experiment;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Drives GET /whoami through one path: {@code concurrency} keep-alive (or one-shot) connections,
 * {@code requests} in total, stopping early at the deadline. Callbacks may come from several event loops,
 * so all bookkeeping is synchronized (at most 10000 requests: no contention worth avoiding).
 */
final class PathRun {

    private static final int REQUEST_TIMEOUT_MS = 5000;

    private final Vertx vertx;
    private final PathTarget target;
    private final ExperimentParams params;
    private final long deadlineNanos;
    private final Promise<PathResult> done = Promise.promise();
    private final Map<HttpConnection, Integer> connectionIds = new IdentityHashMap<>();
    private final Map<Integer, Set<String>> backendsByConnection = new HashMap<>();
    private final Map<String, Integer> distribution = new TreeMap<>();
    private final Map<String, Integer> seen = new TreeMap<>();
    private final Map<String, Integer> realClient = new TreeMap<>();
    private final Map<String, Integer> errors = new TreeMap<>();
    private final List<Long> latencies = new ArrayList<>();
    private boolean sawRealClient;
    private boolean anySeen;
    private HttpClient client;
    private int issued;
    private int inFlight;
    private int completed;
    private int failed;

    PathRun(Vertx vertx, PathTarget target, ExperimentParams params, long deadlineNanos) {
        this.vertx = vertx;
        this.target = target;
        this.params = params;
        this.deadlineNanos = deadlineNanos;
    }

    Future<PathResult> run() {
        client = vertx.createHttpClient(new HttpClientOptions()
                        .setKeepAlive(params.keepAlive())
                        .setConnectTimeout(2000)
                        .setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(params.concurrency()));
        int workers = Math.min(params.concurrency(), params.requests());
        for (int i = 0; i < workers; i++) {
            next();
        }
        return done.future().andThen(r -> client.close());
    }

    private void next() {
        synchronized (this) {
            if (issued >= params.requests() || System.nanoTime() > deadlineNanos) {
                if (inFlight == 0) {
                    done.tryComplete(result());
                }
                return;
            }
            issued++;
            inFlight++;
        }
        long start = System.nanoTime();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(target.host())
                .setPort(target.port()).setURI("/whoami").setIdleTimeout(REQUEST_TIMEOUT_MS);
        client.request(options).compose(req -> {
            HttpConnection conn = req.connection();
            return req.send().compose(resp -> resp.body().map(body -> {
                if (resp.statusCode() != 200) {
                    throw new IllegalStateException("HTTP " + resp.statusCode());
                }
                return new Sample(conn, body.toJsonObject(), System.nanoTime() - start);
            }));
        }).onComplete(ar -> {
            synchronized (this) {
                inFlight--;
                if (ar.succeeded()) {
                    record(ar.result());
                } else {
                    failed++;
                    String why = ar.cause().getMessage() == null ? ar.cause().getClass().getSimpleName()
                            : ar.cause().getMessage();
                    errors.merge(why.length() > 120 ? why.substring(0, 120) : why, 1, Integer::sum);
                }
            }
            next();
        });
    }

    private record Sample(HttpConnection connection, JsonObject whoami, long nanos) {
    }

    private void record(Sample s) {
        completed++;
        latencies.add(s.nanos());
        int id = connectionIds.computeIfAbsent(s.connection(), c -> connectionIds.size() + 1);
        String instance = String.valueOf(s.whoami().getValue("instance"));
        distribution.merge(instance, 1, Integer::sum);
        backendsByConnection.computeIfAbsent(id, k -> new HashSet<>()).add(instance);
        String clientEndpoint = s.connection().localAddress().hostAddress() + ":" + s.connection().localAddress().port();
        String clientIp = s.connection().localAddress().hostAddress();
        realClient.merge(clientIp, 1, Integer::sum);
        String saw = target.source().seen(s.whoami());
        seen.merge(saw == null ? "(none)" : hostOnly(saw), 1, Integer::sum);
        // Peer and PROXY carry ip:port, so the LB's own socket is never mistaken for the client on loopback.
        boolean real = target.source() == ClientAddressSource.X_FORWARDED_FOR ? clientIp.equals(saw)
                : clientEndpoint.equals(saw);
        sawRealClient = anySeen ? sawRealClient && real : real;
        anySeen = true;
    }

    private static String hostOnly(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        return colon > 0 && endpoint.indexOf(':') == colon ? endpoint.substring(0, colon) : endpoint;
    }

    private PathResult result() {
        int min = Integer.MAX_VALUE;
        int max = 0;
        long sum = 0;
        for (Set<String> b : backendsByConnection.values()) {
            min = Math.min(min, b.size());
            max = Math.max(max, b.size());
            sum += b.size();
        }
        int conns = backendsByConnection.size();
        PathResult.Spread spread = new PathResult.Spread(conns == 0 ? 0 : round2((double) sum / conns),
                conns == 0 ? 0 : min, max);
        long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        PathResult.Latency latency = new PathResult.Latency(ms(percentile(l, 50)), ms(percentile(l, 99)),
                ms(l.length == 0 ? 0 : l[l.length - 1]));
        return new PathResult(target.label(), target.frontend(), target.host() + ":" + target.port(), params.requests(),
                completed, failed, errors, conns, distribution, spread, target.source().label(), seen, realClient,
                anySeen && sawRealClient, latency);
    }

    /** Nearest-rank percentile. */
    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(long nanos) {
        return round2(nanos / 1e6);
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }

}
