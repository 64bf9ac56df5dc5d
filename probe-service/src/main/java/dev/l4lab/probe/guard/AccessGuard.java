package dev.l4lab.probe.guard;

import dev.l4lab.probe.api.ProbeException;
import dev.l4lab.probe.config.ProbeConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The fences shared by gRPC and REST: the optional bearer token, the per-client rate limit and the
 * global cap on probe operations running at once.
 */
@ApplicationScoped
public class AccessGuard {

    private final Optional<byte[]> token;
    private final RateLimiter rateLimiter;
    private final Semaphore running;
    private final int maxConcurrent;

    public AccessGuard(ProbeConfig config) {
        this.token = config.auth().token().map(t -> t.getBytes(StandardCharsets.UTF_8));
        this.rateLimiter = new RateLimiter(config.limits().ratePerSecond(), config.limits().burst());
        this.maxConcurrent = config.limits().maxConcurrent();
        this.running = new Semaphore(maxConcurrent);
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
        if (!rateLimiter.tryAcquire(client == null ? "unknown" : client)) {
            throw ProbeException.exhausted("rate limit exceeded for client " + client);
        }
    }

    /** Runs {@code work} inside one of the global concurrency slots; fails fast when none is free. */
    public <T> Uni<T> limit(Uni<T> work) {
        return Uni.createFrom().deferred(() -> {
            if (!running.tryAcquire()) {
                return Uni.createFrom().failure(exhausted());
            }
            AtomicBoolean released = new AtomicBoolean();
            return work.onTermination().invoke(() -> release(released));
        });
    }

    public <T> Multi<T> limit(Multi<T> work) {
        return Multi.createFrom().deferred(() -> {
            if (!running.tryAcquire()) {
                return Multi.createFrom().failure(exhausted());
            }
            AtomicBoolean released = new AtomicBoolean();
            return work.onTermination().invoke(() -> release(released));
        });
    }

    public int available() {
        return running.availablePermits();
    }

    private void release(AtomicBoolean released) {
        if (released.compareAndSet(false, true)) {
            running.release();
        }
    }

    private ProbeException exhausted() {
        return ProbeException.exhausted("too many probe operations running (probe.limits.max-concurrent="
                + maxConcurrent + ")");
    }
}
