package dev.l4lab.lb.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Turns the measured paths into the lessons, in plain words, with the numbers that prove them. */
final class Lessons {

    private Lessons() {
    }

    static List<String> of(ExperimentParams p, PathResult l4, PathResult l7, PathResult proxied, boolean partial,
            long maxDurationMs) {
        if (p.protocol() == Protocol.H2C) {
            return h2c(l4, l7, partial, maxDurationMs);
        }
        List<String> out = new ArrayList<>();
        if (p.keepAlive()) {
            out.add(String.format(Locale.ROOT, "With keep-alive, L4 pinned each client connection to one backend "
                    + "(%.1f backends per connection over %d connections); L7 balanced every request "
                    + "(%.1f backends per connection).", l4.backendsPerConnection().mean(), l4.connections(),
                    l7.backendsPerConnection().mean()));
            if (l4.distribution().size() < l7.distribution().size() || uneven(l4)) {
                out.add(String.format(Locale.ROOT, "L4 can only spread connections, not requests: %d connection(s) "
                        + "gave L4 %s; L7 gave %s.", l4.connections(), dist(l4), dist(l7)));
            }
        } else {
            out.add(String.format(Locale.ROOT, "Without keep-alive every request opened its own connection, so both "
                    + "spread: L4 reached %d backend(s) (%s), L7 %d (%s). L4 balances connections; here a "
                    + "connection was one request.", l4.distribution().size(), dist(l4), l7.distribution().size(),
                    dist(l7)));
        }
        out.add(l4.sawRealClient()
                ? "L4 showed the client address to the backends."
                : "L4 hid the client address: backends saw " + keys(l4.clientAddressSeen())
                        + " as the peer (the LB's own socket), not the client " + keys(l4.realClient())
                        + (l4.clientAddressSeen().keySet().equals(l4.realClient().keySet())
                                ? " (the same IP only because client, LB and backends share loopback here: the peer "
                                        + "port was the LB's)."
                                : "."));
        out.add(l7.sawRealClient()
                ? "L7 passed the client on: backends found " + keys(l7.clientAddressSeen())
                        + " in X-Forwarded-For (their TCP peer is still the LB)."
                : "L7 did not pass the client on as expected: X-Forwarded-For showed " + keys(l7.clientAddressSeen()) + ".");
        if (proxied != null) {
            out.add(proxied.sawRealClient()
                    ? "With PROXY protocol, L4 passes the client too: backends read " + keys(proxied.clientAddressSeen())
                            + " from the PROXY header, without parsing HTTP."
                    : "The PROXY-protocol path did not show the client: " + keys(proxied.clientAddressSeen())
                            + (proxied.failed() > 0 ? " (" + proxied.failed() + " requests failed)" : "") + ".");
        } else {
            out.add("L4 can pass the client address only with PROXY protocol: run with proxyProtocol=true.");
        }
        out.add(String.format(Locale.ROOT, "Latency p50/p99: L4 %.2f/%.2f ms, L7 %.2f/%.2f ms. L7 parses every request "
                + "and reuses pooled backend connections; L4 only copies bytes%s.", l4.latencyMs().p50(),
                l4.latencyMs().p99(), l7.latencyMs().p50(), l7.latencyMs().p99(),
                p.keepAlive() ? "" : " but pays a backend connect per client connection"));
        failures(out, proxied == null ? List.of(l4, l7) : List.of(l4, l7, proxied), "request(s)", partial, maxDurationMs);
        return out;
    }

    /** Many streams over few long-lived HTTP/2 connections: the production surprise of L4 balancing. */
    private static List<String> h2c(PathResult l4, PathResult l7, boolean partial, long maxDurationMs) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "Over HTTP/2, L4 pinned each connection with all its streams to one backend: "
                + "%d stream(s) over %d connection(s) reached %d backend(s) (%s, %.1f backends per connection). L7 "
                + "balanced every stream: %d backend(s) (%s, %.1f backends per connection).", l4.completed(),
                l4.connections(), l4.distribution().size(), dist(l4), l4.backendsPerConnection().mean(),
                l7.distribution().size(), dist(l7), l7.backendsPerConnection().mean()));
        if (l4.distribution().size() < l7.distribution().size() || uneven(l4)) {
            out.add("This is the long-lived HTTP/2 (and gRPC) surprise: a client's few connections carry all its "
                    + "requests, so an L4 balancer spreads the connections and the backends stay unbalanced however "
                    + "many requests follow; a backend added later gets none of them.");
        }
        out.add("What fixes it: balance per stream at L7 (as the L7 path did: it ends the client's HTTP/2 connection and "
                + "picks a backend for every request), or give clients a maximum connection age (gRPC's "
                + "MAX_CONNECTION_AGE on the server, or a client that reconnects every few minutes) so new "
                + "connections keep spreading over L4.");
        out.add(String.format(Locale.ROOT, "Latency p50/p99: L4 %.2f/%.2f ms, L7 %.2f/%.2f ms, each "
                + "including the wait for a stream the server allows (a backend may allow only a few at once).",
                l4.latencyMs().p50(),
                l4.latencyMs().p99(), l7.latencyMs().p50(), l7.latencyMs().p99()));
        failures(out, List.of(l4, l7), "stream(s)", partial, maxDurationMs);
        return out;
    }

    private static void failures(List<String> out, List<PathResult> paths, String unit, boolean partial,
            long maxDurationMs) {
        for (PathResult r : paths) {
            if (r.failed() > 0) {
                out.add(r.failed() + " " + unit + " failed on " + r.path() + ": " + r.errors());
            }
        }
        if (partial) {
            out.add("Stopped at the " + maxDurationMs / 1000 + " s cap: the results are partial.");
        }
    }

    /** The busiest backend got at least 1.5 times the requests of the idlest one. */
    private static boolean uneven(PathResult r) {
        int max = r.distribution().values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int min = r.distribution().values().stream().mapToInt(Integer::intValue).min().orElse(0);
        return min == 0 ? max > 0 : max >= 1.5 * min;
    }

    private static String dist(PathResult r) {
        return r.distribution().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    private static String keys(Map<String, Integer> m) {
        return m.isEmpty() ? "nothing" : String.join(", ", m.keySet());
    }
}
