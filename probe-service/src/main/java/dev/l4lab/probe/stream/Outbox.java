package dev.l4lab.probe.stream;

import com.google.protobuf.MessageLite;
import dev.l4lab.probe.error.ProbeException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The buffer between a stream's producers (scan lanes, watch samples) and its client, bounded in bytes.
 * Results go downstream only as fast as the subscriber asks for them (gRPC: while the HTTP/2 stream is
 * writable; REST: one line per completed write), so a client that reads slowly slows the producers
 * instead of filling the heap: producers check {@link #hasRoom()} before starting more work and wait
 * ({@link #awaitRoom()}, {@link #whenRoom(Runnable)}) while the outbox is full. A client that reads
 * nothing for {@code stallMs} while results wait gets its stream ended with RESOURCE_EXHAUSTED, and the
 * dropped results are counted.
 *
 * <p>The bound: at most {@code maxBytes} queued when a producer checks, plus what is already in flight
 * (a scan's window of at most probe.limits.max-scan-concurrency results, a watch's single sample).
 */
public final class Outbox<T extends MessageLite> {

    /** How a stream ended. */
    public enum End {
        COMPLETED,
        CANCELLED,
        FAILED
    }

    /** Object overhead of a queued protobuf message beyond its serialized size (estimate). */
    static final int OVERHEAD = 64;

    private final MultiEmitter<? super T> em;
    private final StreamSettings settings;
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    private final AtomicInteger wip = new AtomicInteger();
    private final List<Runnable> roomWaiters = new ArrayList<>();
    private final List<Runnable> closeHooks = new ArrayList<>();
    private long queuedBytes;
    private boolean completing;
    private Throwable failure;
    private boolean terminalSent;
    private boolean closed;
    private long lastProgressNanos = System.nanoTime();
    private boolean timerArmed;
    private End end;

    private Outbox(MultiEmitter<? super T> em, StreamSettings settings) {
        this.em = em;
        this.settings = settings;
    }

    /** A stream fed by {@code producer}, which is handed the outbox when the client subscribes. */
    public static <T extends MessageLite> Multi<T> stream(StreamSettings settings, Consumer<Outbox<T>> producer) {
        return Multi.createFrom().<T>emitter(em -> {
            Outbox<T> box = new Outbox<>(em, settings);
            em.onRequest(n -> box.drain());
            em.onTermination(box::downstreamTerminated);
            producer.accept(box);
            box.drain();
        }, BackPressureStrategy.ERROR);
    }

    /** Queues one result (dropped when the stream has already ended). */
    public void offer(T item) {
        synchronized (this) {
            if (!isOpenLocked()) {
                return;
            }
            queue.addLast(item);
            queuedBytes += size(item);
        }
        drain();
    }

    /** Ends the stream normally once everything queued has been delivered. */
    public void complete() {
        synchronized (this) {
            if (!isOpenLocked()) {
                return;
            }
            completing = true;
        }
        drain();
    }

    /** Ends the stream with {@code error} at once; queued results are dropped. */
    public void fail(Throwable error) {
        synchronized (this) {
            if (!isOpenLocked()) {
                return;
            }
            failure = error;
            queue.clear();
            queuedBytes = 0;
            notifyAll();
        }
        drain();
    }

    /** False once the stream completed, failed or was cancelled: producers should stop. */
    public synchronized boolean isOpen() {
        return isOpenLocked();
    }

    public synchronized boolean hasRoom() {
        return queuedBytes < settings.maxBytes();
    }

    /** Blocks a producer thread until there is room; false when the stream ended meanwhile. */
    public synchronized boolean awaitRoom() throws InterruptedException {
        while (isOpenLocked() && queuedBytes >= settings.maxBytes()) {
            wait(250);
        }
        return isOpenLocked();
    }

    /** Runs {@code action} when there is room (at once if there is; else on the thread that made room). */
    public void whenRoom(Runnable action) {
        synchronized (this) {
            if (!isOpenLocked()) {
                return;
            }
            if (queuedBytes >= settings.maxBytes()) {
                roomWaiters.add(action);
                return;
            }
        }
        action.run();
    }

    /** Runs {@code hook} once, when the stream has ended for good (terminal delivered, or cancelled). */
    public void onClose(Runnable hook) {
        synchronized (this) {
            if (!closed) {
                closeHooks.add(hook);
                return;
            }
        }
        hook.run();
    }

    /** How the stream ended (null while it runs); {@link #failure()} says why when FAILED. */
    public synchronized End end() {
        return end;
    }

    public synchronized Throwable failure() {
        return failure;
    }

    private boolean isOpenLocked() {
        return !closed && !completing && failure == null;
    }

    /** The only place that emits: one thread at a time (queue-drain loop), never while holding the lock. */
    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            while (true) {
                T next;
                synchronized (this) {
                    if (closed || queue.isEmpty() || em.requested() <= 0) {
                        break;
                    }
                    next = queue.pollFirst();
                    queuedBytes -= size(next);
                    lastProgressNanos = System.nanoTime();
                    if (queuedBytes < settings.maxBytes()) {
                        notifyAll();
                    }
                }
                em.emit(next);
            }
            runRoomWaiters();
            Throwable error = null;
            boolean complete = false;
            boolean armTimer = false;
            synchronized (this) {
                if (!terminalSent && !closed) {
                    if (failure != null) {
                        error = failure;
                        terminalSent = true;
                    } else if (completing && queue.isEmpty()) {
                        complete = true;
                        terminalSent = true;
                    } else if (!queue.isEmpty() && !timerArmed) {
                        armTimer = timerArmed = true;
                    }
                }
            }
            if (error != null) {
                em.fail(error);
                close(End.FAILED);
            } else if (complete) {
                em.complete();
                close(End.COMPLETED);
            } else if (armTimer) {
                settings.vertx().setTimer(settings.stallMs(), id -> checkStall());
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void runRoomWaiters() {
        List<Runnable> ready;
        synchronized (this) {
            if (roomWaiters.isEmpty() || queuedBytes >= settings.maxBytes() || !isOpenLocked()) {
                return;
            }
            ready = List.copyOf(roomWaiters);
            roomWaiters.clear();
        }
        ready.forEach(Runnable::run);
    }

    private void checkStall() {
        int dropped;
        synchronized (this) {
            timerArmed = false;
            if (terminalSent || closed || queue.isEmpty()) {
                return;
            }
            long idleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastProgressNanos);
            if (idleMs < settings.stallMs()) {
                timerArmed = true;
                settings.vertx().setTimer(Math.max(1, settings.stallMs() - idleMs), id -> checkStall());
                return;
            }
            dropped = queue.size();
        }
        settings.onStall().accept(dropped);
        fail(ProbeException.exhausted("the client read nothing for " + settings.stallMs() + " ms "
                + "(probe.limits.stream-stall-timeout-ms): stream ended, " + dropped + " queued results dropped"));
    }

    /** Cancellation by the client (or the end of our own terminal signal). */
    private void downstreamTerminated() {
        synchronized (this) {
            if (terminalSent) {
                return; // our own complete()/fail(): drain() closes with the right cause
            }
        }
        close(End.CANCELLED);
        drain();
    }

    private void close(End how) {
        List<Runnable> hooks;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            end = how;
            queue.clear();
            queuedBytes = 0;
            roomWaiters.clear();
            notifyAll();
            hooks = List.copyOf(closeHooks);
            closeHooks.clear();
        }
        hooks.forEach(Runnable::run);
    }

    private static int size(MessageLite m) {
        return m.getSerializedSize() + OVERHEAD;
    }
}
