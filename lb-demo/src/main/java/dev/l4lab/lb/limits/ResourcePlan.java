package dev.l4lab.lb.limits;

import dev.l4lab.lb.config.ConfigException;
import dev.l4lab.lb.config.LbConfig;
import dev.l4lab.lb.frontend.Protocol;
import dev.l4lab.lb.pool.Pool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.ToLongFunction;

/**
 * The resource arithmetic, done once at start-up: every frontend's connection (or session) limit times what one
 * connection can hold must fit the descriptors the process may open and its memory, with descriptors reserved for
 * what must keep working when the frontends are full (the admin port, one health check per backend, the
 * experiment's client). A limit that is configured is checked; start-up fails naming the keys when the
 * configured limits cannot fit. A limit that is not configured is derived: an equal share of what is left.
 * lb-demo/README.md explains each figure.
 */
public final class ResourcePlan {

    /** Descriptors the JVM and Quarkus may still open after start-up (log files, /proc reads, pipes). */
    static final int DESCRIPTOR_MARGIN = 64;
    /** Client connections of the L4-versus-L7 experiment (its concurrency limit). */
    static final int EXPERIMENT_CONNECTIONS = 64;
    /** Heap for everything but the connections: Quarkus, Vert.x, the admin API, metrics. */
    static final long HEAP_RESERVE = 40L << 20;
    /** Direct memory for everything but the connections: the admin port, health checks, UDP reads. */
    static final long DIRECT_RESERVE = 16L << 20;
    /** A derived limit never goes above this. */
    static final int DERIVED_CAP = 10_000;

    private final Map<String, FrontendLimit> limits;
    private final String summary;

    /** The limit of one frontend and, for TCP, the relay memory it may lend out. */
    public record FrontendLimit(String frontend, Protocol protocol, int value, boolean derived, long relayBytes) {
    }

    private ResourcePlan(Map<String, FrontendLimit> limits, String summary) {
        this.limits = limits;
        this.summary = summary;
    }

    public FrontendLimit limit(String frontend) {
        return limits.get(frontend);
    }

    /** One line for the start-up log. */
    public String summary() {
        return summary;
    }

    /** The key that sets a frontend's limit. */
    static String key(String frontend, Protocol protocol) {
        return "lb.frontends." + frontend + (protocol == Protocol.UDP ? ".udp.max-sessions" : ".max-connections");
    }

    private record Wanted(String name, Protocol protocol, Cost cost, OptionalInt configured) {
    }

    /**
     * @param adminConnections quarkus.http.limits.max-connections of the admin port
     */
    public static ResourcePlan of(LbConfig config, HostResources host, int adminConnections) {
        List<Wanted> wanted = new ArrayList<>();
        config.frontends().forEach((name, f) -> wanted.add(new Wanted(name, f.protocol(), Cost.of(f.protocol()),
                f.protocol() == Protocol.UDP ? f.udp().maxSessions() : f.maxConnections())));
        long reservedFds = host.openDescriptors() + DESCRIPTOR_MARGIN + adminConnections
                + (long) config.pools().size() * Pool.MAX_BACKENDS + EXPERIMENT_CONNECTIONS + wanted.size();
        long fds = host.maxDescriptors() < 0 ? Long.MAX_VALUE : host.maxDescriptors() - reservedFds;
        long heap = host.maxHeapBytes() - HEAP_RESERVE;
        long direct = host.maxDirectBytes() - DIRECT_RESERVE;
        String fdWhy = host.maxDescriptors() < 0 ? "" : String.format(Locale.ROOT, "the process may open %d descriptors "
                + "(ulimit -n), %d of them reserved (%d open at start-up, %d margin, %d admin connections "
                + "(quarkus.http.limits.max-connections), %d health checks (%d pools x %d backends), %d for the "
                + "experiment, %d listening sockets)", host.maxDescriptors(), reservedFds, host.openDescriptors(),
                DESCRIPTOR_MARGIN, adminConnections, (long) config.pools().size() * Pool.MAX_BACKENDS,
                config.pools().size(), Pool.MAX_BACKENDS, EXPERIMENT_CONNECTIONS, wanted.size());

        List<Wanted> configured = wanted.stream().filter(w -> w.configured().isPresent()).toList();
        List<Wanted> derived = wanted.stream().filter(w -> w.configured().isEmpty()).toList();
        long fdsLeft = fits(configured, fds, Cost::descriptors, "descriptors", fdWhy);
        long heapLeft = fits(configured, heap, Cost::heapBytes, "bytes of heap", "the heap is "
                + mib(host.maxHeapBytes()) + " (-Xmx), " + mib(HEAP_RESERVE) + " of it reserved for the rest of lb-demo");
        long directLeft = fits(configured, direct, Cost::directBytes, "bytes of direct memory", "direct memory is "
                + mib(host.maxDirectBytes()) + " (-XX:MaxDirectMemorySize, default -Xmx), " + mib(DIRECT_RESERVE)
                + " of it reserved for the rest of lb-demo");

        Map<String, Integer> values = new LinkedHashMap<>();
        configured.forEach(w -> values.put(w.name(), w.configured().getAsInt()));
        for (Wanted w : derived) {
            long n = DERIVED_CAP;
            n = Math.min(n, share(derived, fdsLeft, Cost::descriptors, w));
            n = Math.min(n, share(derived, heapLeft, Cost::heapBytes, w));
            n = Math.min(n, share(derived, directLeft, Cost::directBytes, w));
            if (n < 1) {
                throw new ConfigException(key(w.name(), w.protocol()), "no room left for even one connection: "
                        + fdWhy + "; " + mib(Math.max(0, heapLeft)) + " of heap and " + mib(Math.max(0, directLeft))
                        + " of direct memory left for the frontends whose limit is not set; set this limit or "
                        + "lower the others");
            }
            values.put(w.name(), (int) n);
        }

        long relayMemory = direct;
        long tcpConnections = 0;
        for (Wanted w : wanted) {
            if (w.protocol() == Protocol.TCP) {
                tcpConnections += values.get(w.name());
            } else {
                relayMemory -= w.cost().directBytes() * values.get(w.name());
            }
        }
        Map<String, FrontendLimit> limits = new LinkedHashMap<>();
        StringBuilder summary = new StringBuilder(String.format(Locale.ROOT, "resource plan: %s descriptors (%d "
                + "reserved), heap %s, direct memory %s;", host.maxDescriptors() < 0 ? "unknown" : host.maxDescriptors(),
                reservedFds, mib(host.maxHeapBytes()), mib(host.maxDirectBytes())));
        for (Wanted w : wanted) {
            int n = values.get(w.name());
            long relay = w.protocol() == Protocol.TCP ? relayMemory * n / tcpConnections : 0;
            limits.put(w.name(), new FrontendLimit(w.name(), w.protocol(), n, w.configured().isEmpty(), relay));
            summary.append(String.format(Locale.ROOT, " %s %s %d%s%s", w.name(), w.protocol().id(), n,
                    w.configured().isEmpty() ? " (derived)" : "", relay > 0 ? ", relay buffers " + mib(relay) : ""));
        }
        return new ResourcePlan(limits, summary.toString());
    }

    /** What is left of {@code budget} after the configured limits, or a failure naming their keys. */
    private static long fits(List<Wanted> configured, long budget, ToLongFunction<Cost> cost, String unit, String why) {
        long need = 0;
        StringBuilder terms = new StringBuilder();
        List<String> keys = new ArrayList<>();
        for (Wanted w : configured) {
            long each = cost.applyAsLong(w.cost());
            if (each == 0) {
                continue;
            }
            need += each * w.configured().getAsInt();
            keys.add(key(w.name(), w.protocol()));
            terms.append(terms.isEmpty() ? "" : " + ").append(w.configured().getAsInt()).append(" x ").append(each);
        }
        if (need > budget) {
            throw new ConfigException(String.join(", ", keys), String.format(Locale.ROOT, "these limits need %s = %d "
                    + "%s, but only %d are available: %s; lower them or give the process more", terms, need, unit,
                    Math.max(0, budget), why));
        }
        return budget - need;
    }

    /** An equal share of what is left, split among the derived frontends that use this resource. */
    private static long share(List<Wanted> derived, long left, ToLongFunction<Cost> cost, Wanted w) {
        long each = cost.applyAsLong(w.cost());
        if (each == 0) {
            return Long.MAX_VALUE;
        }
        long users = derived.stream().filter(d -> cost.applyAsLong(d.cost()) > 0).count();
        return Math.max(0, left) / users / each;
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}
