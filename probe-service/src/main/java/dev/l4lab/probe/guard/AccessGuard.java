package dev.l4lab.probe.guard;

import dev.l4lab.probe.config.BearerToken;
import dev.l4lab.probe.config.ProbeConfig;
import dev.l4lab.probe.error.ProbeException;
import dev.l4lab.probe.metrics.ProbeMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The fences shared by gRPC, REST and /probe: the optional bearer token, the per-client rate limit,
 * and the cap on probe operations running at once, over all clients and per client address.
 */
@ApplicationScoped
public class AccessGuard {

    private final Optional<byte[]> token;
    private final RateLimiter rateLimiter;
    private final Semaphore running;
    private final int maxConcurrent;
    private final int maxPerClient;
    private final ConcurrentHashMap<String, Integer> perClient = new ConcurrentHashMap<>();

    public AccessGuard(ProbeConfig config, ProbeMetrics metrics) {
        this.token = config.auth().token().map(BearerToken::bytes);
        this.rateLimiter = new RateLimiter(config.limits().ratePerSecond(), config.limits().burst());
        this.maxConcurrent = config.limits().maxConcurrent();
        this.maxPerClient = config.limits().maxConcurrentPerClient();
        this.running = new Semaphore(maxConcurrent);
        metrics.operationsRunning(this::inUse);
    }

    /** Checks the token (if configured) and then the client's rate limit. */
    public void admit(String client, String authorization) {
        if (token.isPresent()) {
            String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? authorization.substring(7).trim() : null;
            if (presented == null) {
                throw ProbeException.unauthenticated("missing bearer token (Authorization: Bearer <token>)");
            }
            if (!MessageDigest.isEqual(token.get(), presented.getBytes(StandardCharsets.UTF_8))) {
                throw ProbeException.unauthenticated("invalid bearer token");
            }
        }
        if (!rateLimiter.tryAcquire(client)) {
            throw ProbeException.exhausted("rate limit exceeded for client " + client
                    + " (probe.limits.rate-per-second, probe.limits.burst)");
        }
    }

    /** One slot for {@code client}, or RESOURCE_EXHAUSTED naming the limit that is full. */
    public Slot acquire(String client) {
        if (perClient.merge(client, 1, Integer::sum) > maxPerClient) {
            releaseClient(client);
            throw ProbeException.exhausted("too many probe operations running for client " + client
                    + " (probe.limits.max-concurrent-per-client=" + maxPerClient + ")");
        }
        if (!running.tryAcquire()) {
            releaseClient(client);
            throw ProbeException.exhausted("too many probe operations running (probe.limits.max-concurrent="
                    + maxConcurrent + ")");
        }
        return new Slot(() -> {
            running.release();
            releaseClient(client);
        });
    }

    /** Slots in use now (for tests and the budget log). */
    public int inUse() {
        return maxConcurrent - running.availablePermits();
    }

    private void releaseClient(String client) {
        // Drop the entry at zero so the map only holds clients with work running.
        perClient.computeIfPresent(client, (k, v) -> v == 1 ? null : v - 1);
    }
}
