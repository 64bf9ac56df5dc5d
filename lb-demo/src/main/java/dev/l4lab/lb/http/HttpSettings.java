package dev.l4lab.lb.http;

import dev.l4lab.lb.config.LbConfig;
import java.util.Optional;

/**
 * Limits and timeouts of an L7 HTTP frontend, in milliseconds.
 *
 * @param maxConnections client connections, and also backend connections plus requests in flight (the plan's)
 * @param requestTimeoutMs backend silence after which the request fails with 504 (HAProxy timeout server)
 * @param headerTimeoutMs a request's header block must be complete this long after it started (timeout http-request)
 * @param idleTimeoutMs client keep-alive connections idle this long are closed (HAProxy timeout http-keep-alive)
 * @param stickyCookie cookie that names the backend (empty: no stickiness)
 */
public record HttpSettings(int maxConnections, int connectTimeoutMs, int retries, long requestTimeoutMs,
        long headerTimeoutMs, long idleTimeoutMs, Optional<String> stickyCookie) {

    public static HttpSettings of(LbConfig.Frontend f, int maxConnections) {
        return new HttpSettings(maxConnections, (int) f.connectTimeout().toMillis(), f.retries(),
                f.requestTimeout().toMillis(), f.requestHeaderTimeout().toMillis(), f.idleTimeout().toMillis(),
                f.stickyCookie().filter(s -> !s.isBlank()));
    }
}
