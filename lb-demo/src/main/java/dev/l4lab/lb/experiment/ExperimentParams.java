package dev.l4lab.lb.experiment;

import dev.l4lab.lb.rest.ApiException;

/** Validated parameters of one L4-versus-L7 run. Limits: requests 1-10000, concurrency 1-64. */
public record ExperimentParams(int requests, int concurrency, boolean keepAlive, boolean proxyProtocol) {

    public static final int MAX_REQUESTS = 10_000;
    public static final int MAX_CONCURRENCY = 64;
    public static final int DEFAULT_REQUESTS = 300;
    public static final int DEFAULT_CONCURRENCY = 4;

    /** Request body; every field optional. */
    public record Body(Integer requests, Integer concurrency, Boolean keepAlive, Boolean proxyProtocol) {
    }

    /** Query parameters win over the body, the body over the defaults; anything out of range is a 400. */
    public static ExperimentParams of(Body body, String requests, String concurrency, String keepAlive,
            String proxyProtocol) {
        Body b = body == null ? new Body(null, null, null, null) : body;
        int n = pick("requests", requests, b.requests(), DEFAULT_REQUESTS);
        int c = pick("concurrency", concurrency, b.concurrency(), DEFAULT_CONCURRENCY);
        if (n < 1 || n > MAX_REQUESTS) {
            throw ApiException.badRequest("requests", "requests must be 1-" + MAX_REQUESTS + ", got " + n);
        }
        if (c < 1 || c > MAX_CONCURRENCY) {
            throw ApiException.badRequest("concurrency", "concurrency must be 1-" + MAX_CONCURRENCY + ", got " + c);
        }
        return new ExperimentParams(n, c, bool("keepAlive", keepAlive, b.keepAlive(), true),
                bool("proxyProtocol", proxyProtocol, b.proxyProtocol(), false));
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
            return switch (query.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "1", "yes", "on" -> true;
                case "false", "0", "no", "off" -> false;
                default -> throw ApiException.badRequest(field, field + " must be true or false, got '" + query + "'");
            };
        }
        return body != null ? body : dflt;
    }
}
