package dev.l4lab.lb.http;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection's timer, re-armed per request without a schedule and a cancel each time: a later deadline only
 * moves the target, and the pending task re-schedules itself for the rest when it fires early. Only an earlier
 * deadline replaces the task. Event-loop confined.
 */
final class LoopTimer {

    private final Runnable fired;
    private final Runnable tick = this::tick;
    private EventLoop loop;
    private ScheduledFuture<?> task;
    private long taskAtNanos;
    private long deadlineNanos;
    private boolean armed;

    LoopTimer(Runnable fired) {
        this.fired = fired;
    }

    void arm(EventLoop loop, long ms) {
        this.loop = loop;
        armed = true;
        deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        if (task != null && taskAtNanos - deadlineNanos <= 0) {
            return;
        }
        if (task != null) {
            task.cancel(false);
        }
        schedule(deadlineNanos - System.nanoTime());
    }

    void cancel() {
        armed = false;
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private void schedule(long inNanos) {
        taskAtNanos = System.nanoTime() + inNanos;
        task = loop.schedule(tick, Math.max(0, inNanos), TimeUnit.NANOSECONDS);
    }

    private void tick() {
        task = null;
        if (!armed) {
            return;
        }
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            schedule(left);
            return;
        }
        armed = false;
        fired.run();
    }
}
