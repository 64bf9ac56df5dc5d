package dev.l4lab.lb.experiment;

import io.vertx.core.http.HttpConnection;
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
 * What one path's answers showed: per client connection the backends it reached, per backend the answers,
 * what the backends saw of the client, latencies and errors. Answers come from several event loops, so every
 * method is synchronized (at most 10000 answers: no contention worth avoiding).
 */
final class Tally {

    private final PathTarget target;
    private final Map<HttpConnection, Integer> connectionIds = new IdentityHashMap<>();
    private final Map<Integer, Set<String>> backendsByConnection = new HashMap<>();
    private final Map<String, Integer> distribution = new TreeMap<>();
    private final Map<String, Integer> seen = new TreeMap<>();
    private final Map<String, Integer> realClient = new TreeMap<>();
    private final Map<String, Integer> errors = new TreeMap<>();
    private final List<Long> latencies = new ArrayList<>();
    private boolean sawRealClient;
    private boolean anySeen;
    private int completed;
    private int failed;

    Tally(PathTarget target) {
        this.target = target;
    }

    /** One answer: the connection it came over, the whoami body and how long it took. */
    record Sample(HttpConnection connection, JsonObject whoami, long nanos) {
    }

    synchronized void failed(Throwable cause) {
        failed++;
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        errors.merge(why.length() > 120 ? why.substring(0, 120) : why, 1, Integer::sum);
    }

    synchronized void record(Sample s) {
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

    synchronized PathResult result(int requested) {
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
        return new PathResult(target.label(), target.frontend(), target.host() + ":" + target.port(), requested,
                completed, failed, new TreeMap<>(errors), conns, new TreeMap<>(distribution), spread,
                target.source().label(), new TreeMap<>(seen), new TreeMap<>(realClient), anySeen && sawRealClient,
                latency);
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
