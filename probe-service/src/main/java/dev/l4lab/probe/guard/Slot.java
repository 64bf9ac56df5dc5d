package dev.l4lab.probe.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One concurrency slot, held until the operation's work has really ended. The operation holds it once;
 * every piece of work that may outlive the call's own pipeline (a scan lane, a watch sample in flight, a
 * churn loop) {@link #retain()}s it and {@link #release()}s it when it has stopped. The permit goes back
 * when the last hold is released, so a cancelled call keeps its slot until its work has noticed.
 * Cancelling asks the work to stop ({@link #isCancelled()}, {@link #onCancel(Runnable)}).
 */
public final class Slot {

    private final AtomicInteger holds = new AtomicInteger(1);
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<Runnable> cancelHooks = new ArrayList<>();
    private final Runnable free;

    Slot(Runnable free) {
        this.free = free;
    }

    /** Takes one more hold; false when the slot was already freed (the work must not start). */
    public boolean retain() {
        while (true) {
            int n = holds.get();
            if (n == 0) {
                return false;
            }
            if (holds.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    public void release() {
        int n = holds.decrementAndGet();
        if (n == 0) {
            free.run();
        } else if (n < 0) {
            throw new IllegalStateException("slot released more often than held");
        }
    }

    /** Asks the work to stop; hooks run once, on the caller's thread. */
    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            List<Runnable> hooks;
            synchronized (cancelHooks) {
                hooks = List.copyOf(cancelHooks);
                cancelHooks.clear();
            }
            hooks.forEach(Runnable::run);
        }
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** Runs {@code hook} when the slot is cancelled (at once if it already is). */
    public void onCancel(Runnable hook) {
        synchronized (cancelHooks) {
            if (!cancelled.get()) {
                cancelHooks.add(hook);
                return;
            }
        }
        hook.run();
    }
}
