package dev.l4lab.lb.experiment;

import dev.l4lab.lb.rest.ApiException;
import java.util.Locale;

/**
 * Validated parameters of one L4-versus-L7 run. HTTP/1.1 (the default): requests 1-10000, concurrency 1-64,
 * keepAlive, proxyProtocol. h2c: streams 1-1000 over connections 1-8; with h2c, requests counts the streams and
 * concurrency the connections.
 */
public record ExperimentParams(int requests, int concurrency, boolean keepAlive, boolean proxyProtocol,
        Protocol protocol) {

    public static final int MAX_REQUESTS = 10_000;
    public static final int MAX_CONCURRENCY = 64;
    public static final int DEFAULT_REQUESTS = 300;
    public static final int DEFAULT_CONCURRENCY = 4;
    public static final int MAX_STREAMS = 1000;
    public static final int MAX_CONNECTIONS = 8;
    public static final int DEFAULT_STREAMS = 120;
    public static final int DEFAULT_CONNECTIONS = 2;

    /** An HTTP/1.1 run. */
    public ExperimentParams(int requests, int concurrency, boolean keepAlive, boolean proxyProtocol) {
        this(requests, concurrency, keepAlive, proxyProtocol, Protocol.HTTP1);
    }

    /** Request body; every field optional. */
    public record Body(Integer requests, Integer concurrency, Boolean keepAlive, Boolean proxyProtocol,
            String protocol, Integer streams, Integer connections) {
    }

    /** What the query string carries; null where absent. */
    public record Query(String requests, String concurrency, String keepAlive, String proxyProtocol, String protocol,
            String streams, String connections) {
    }

    /** Query parameters win over the body, the body over the defaults; anything out of range is a 400. */
    public static ExperimentParams of(Body body, Query q) {
        Body b = body == null ? new Body(null, null, null, null, null, null, null) : body;
        String protocolText = q.protocol() != null ? q.protocol() : b.protocol();
        Protocol protocol = protocolText == null ? Protocol.HTTP1 : Protocol.parse(protocolText);
        return protocol == Protocol.H2C ? h2c(b, q) : http1(b, q);
    }

    private static ExperimentParams http1(Body b, Query q) {
        h2cOnly("streams", q.streams(), b.streams());
        h2cOnly("connections", q.connections(), b.connections());
        int n = ranged("requests", q.requests(), b.requests(), DEFAULT_REQUESTS, MAX_REQUESTS);
        int c = ranged("concurrency", q.concurrency(), b.concurrency(), DEFAULT_CONCURRENCY, MAX_CONCURRENCY);
        return new ExperimentParams(n, c, bool("keepAlive", q.keepAlive(), b.keepAlive(), true),
                bool("proxyProtocol", q.proxyProtocol(), b.proxyProtocol(), false), Protocol.HTTP1);
    }

    private static ExperimentParams h2c(Body b, Query q) {
        if (q.requests() != null || b.requests() != null) {
            throw ApiException.badRequest("requests", "with protocol=h2c the number of requests is streams (1-"
                    + MAX_STREAMS + "), not requests");
        }
        if (q.concurrency() != null || b.concurrency() != null) {
            throw ApiException.badRequest("concurrency", "with protocol=h2c the number of connections is connections (1-"
                    + MAX_CONNECTIONS + "), not concurrency");
        }
        if (!bool("keepAlive", q.keepAlive(), b.keepAlive(), true)) {
            throw ApiException.badRequest("keepAlive", "keepAlive=false does not apply to protocol=h2c: an HTTP/2 "
                    + "connection carries many streams");
        }
        if (bool("proxyProtocol", q.proxyProtocol(), b.proxyProtocol(), false)) {
            throw ApiException.badRequest("proxyProtocol", "proxyProtocol=true does not apply to protocol=h2c: the "
                    + "PROXY-protocol backends speak HTTP/1.1 only");
        }
        int streams = ranged("streams", q.streams(), b.streams(), DEFAULT_STREAMS, MAX_STREAMS);
        int connections = ranged("connections", q.connections(), b.connections(), DEFAULT_CONNECTIONS, MAX_CONNECTIONS);
        return new ExperimentParams(streams, connections, true, false, Protocol.H2C);
    }

    private static void h2cOnly(String field, String query, Integer body) {
        if (query != null || body != null) {
            throw ApiException.badRequest(field, field + " applies to protocol=h2c only; HTTP/1.1 runs take requests "
                    + "and concurrency");
        }
    }

    private static int ranged(String field, String query, Integer body, int dflt, int max) {
        int v = pick(field, query, body, dflt);
        if (v < 1 || v > max) {
            throw ApiException.badRequest(field, field + " must be 1-" + max + ", got " + v);
        }
        return v;
    }

    private static int pick(String field, String query, Integer body, int dflt) {
        if (query != null) {
            try {
                return Integer.parseInt(query.trim());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest(field, field + " must be an integer, got '" + query + "'");
            }
        }
        return body != null ? body : dflt;
    }

    private static boolean bool(String field, String query, Boolean body, boolean dflt) {
        if (query != null) {
            return switch (query.trim().toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes", "on" -> true;
                case "false", "0", "no", "off" -> false;
                default -> throw ApiException.badRequest(field, field + " must be true or false, got '" + query + "'");
            };
        }
        return body != null ? body : dflt;
    }
}
