package dev.l4lab.probe.guard;

import com.google.protobuf.MessageLite;
import dev.l4lab.probe.config.ProbeConfig;
import dev.l4lab.probe.error.ProbeException;
import dev.l4lab.probe.metrics.ProbeMetrics;
import dev.l4lab.probe.stream.Outbox;
import dev.l4lab.probe.stream.StreamSettings;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * How every probe operation runs, for gRPC, REST and /probe alike: validate the request (nothing is
 * held yet), take a concurrency slot for the client, run, count the outcome. The slot is released when
 * the work itself has ended, not when the client goes away: a cancelled call cancels its slot, which
 * its work observes, and the permit returns once that work has stopped.
 */
@ApplicationScoped
public class Calls {

    private final AccessGuard guard;
    private final ProbeMetrics metrics;
    private final Vertx vertx;
    private final ProbeConfig.Limits limits;

    public Calls(AccessGuard guard, ProbeMetrics metrics, Vertx vertx, ProbeConfig config) {
        this.guard = guard;
        this.metrics = metrics;
        this.vertx = vertx;
        this.limits = config.limits();
    }

    /**
     * A unary operation. {@code validate} runs first (its ProbeException is the answer); {@code run} gets the
     * checked request and the slot. The work's own Uni is never cancelled: when the client cancels, the slot is
     * cancelled instead, and the slot is released when the work's Uni ends.
     */
    public <S, T> Uni<T> unary(String rpc, String client, Supplier<S> validate, BiFunction<S, Slot, Uni<T>> run) {
        return Uni.createFrom().emitter(em -> {
            long start = System.nanoTime();
            AtomicBoolean answered = new AtomicBoolean();
            Slot slot;
            Uni<T> work;
            try {
                S spec = validate.get();
                slot = guard.acquire(client);
                work = start(run, spec, slot);
            } catch (RuntimeException e) {
                answered.set(true);
                metrics.call(rpc, outcome(e), start);
                em.fail(e);
                return;
            }
            em.onTermination(() -> {
                if (answered.compareAndSet(false, true)) {
                    metrics.call(rpc, "CANCELLED", start);
                }
                slot.cancel();
            });
            work.subscribe().with(item -> {
                slot.release();
                if (answered.compareAndSet(false, true)) {
                    metrics.call(rpc, "OK", start);
                    em.complete(item);
                }
            }, failure -> {
                slot.release();
                if (answered.compareAndSet(false, true)) {
                    metrics.call(rpc, outcome(failure), start);
                    em.fail(failure);
                }
            });
        });
    }

    /**
     * A streaming operation: {@code run} gets the checked request, the slot and the stream's outbox, starts the
     * producers (each retains the slot while it works) and completes or fails the outbox. The slot's own hold is
     * released when the stream has ended (delivered, failed, stalled or cancelled).
     */
    public <S, T extends MessageLite> Multi<T> streaming(String rpc, String client, Supplier<S> validate,
                                                         Producer<S, T> run) {
        return Multi.createFrom().deferred(() -> {
            long start = System.nanoTime();
            S spec;
            Slot slot;
            try {
                spec = validate.get();
                slot = guard.acquire(client);
            } catch (RuntimeException e) {
                metrics.call(rpc, outcome(e), start);
                return Multi.createFrom().failure(e);
            }
            StreamSettings settings = new StreamSettings(limits.streamBufferBytes(), limits.streamStallTimeoutMs(), vertx,
                    dropped -> metrics.streamStalled(rpc, dropped));
            return Outbox.<T>stream(settings, box -> {
                box.onClose(() -> {
                    metrics.call(rpc, switch (box.end()) {
                        case COMPLETED -> "OK";
                        case CANCELLED -> "CANCELLED";
                        case FAILED -> outcome(box.failure());
                    }, start);
                    slot.cancel();
                    slot.release();
                });
                try {
                    run.start(spec, slot, box);
                } catch (RuntimeException e) {
                    box.fail(e);
                }
            });
        });
    }

    /** Starts a stream's producers. */
    @FunctionalInterface
    public interface Producer<S, T extends MessageLite> {
        void start(S spec, Slot slot, Outbox<T> box);
    }

    /** Runs {@code work} under a hold of {@code slot} on the calling thread; false when the slot is gone. */
    public static boolean held(Slot slot, Runnable work) {
        if (!slot.retain()) {
            return false;
        }
        try {
            work.run();
        } finally {
            slot.release();
        }
        return true;
    }

    private static <S, T> Uni<T> start(BiFunction<S, Slot, Uni<T>> run, S spec, Slot slot) {
        try {
            return run.apply(spec, slot);
        } catch (RuntimeException e) {
            slot.release();
            throw e;
        }
    }

    public static String outcome(Throwable failure) {
        return failure instanceof ProbeException p ? p.kind().name() : "INTERNAL";
    }

    /** For the transports: a refusal counted before any operation ran (token, rate limit, malformed request). */
    public void refused(String rpc, ProbeException e) {
        metrics.call(rpc, e.kind().name(), System.nanoTime());
    }
}
