package dev.l4lab.echo.tcp;

import dev.l4lab.echo.faults.FaultPlan;
import dev.l4lab.echo.faults.FaultState;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;

/**
 * RFC 862 echo with backpressure, like Netty's HexDumpProxy: when the socket's write queue is full we
 * stop reading, and we read again on drain, so a client that sends and never reads pins at most the
 * write queue plus kernel buffers. Injected latency holds chunks in an ordered queue (bounded too).
 * On the client's FIN we finish echoing what is in flight, then close.
 */
final class EchoService implements StreamService {

    /** Delayed bytes held for latency injection before we stop reading. */
    static final int MAX_DELAYED_BYTES = 1024 * 1024;

    private record Delayed(long releaseAtNanos, Buffer data) {
    }

    private final TcpConnection connection;
    private final FaultState faults;
    private final ArrayDeque<Delayed> delayed = new ArrayDeque<>();
    private long delayedBytes;
    private long lastReleaseNanos;
    private long timerId = -1;
    private boolean writeBlocked;
    private boolean paused;
    private boolean inputShutdown;

    EchoService(TcpConnection connection, FaultState faults) {
        this.connection = connection;
        this.faults = faults;
    }

    @Override
    public void start() {
        connection.socket().drainHandler(v -> {
            writeBlocked = false;
            updateFlow();
        });
    }

    @Override
    public void onData(Buffer data) {
        FaultPlan plan = faults.plan();
        if (plan.delays() || !delayed.isEmpty()) {
            hold(data, FaultState.delayMs(plan));
        } else {
            send(data);
        }
        updateFlow();
    }

    @Override
    public void onInputShutdown() {
        inputShutdown = true;
        scheduleFinishCheck();
    }

    private void send(Buffer data) {
        connection.write(data);
        if (connection.socket().writeQueueFull()) {
            writeBlocked = true;
        }
    }

    private void hold(Buffer data, long delayMs) {
        connection.faultInjected("latency");
        long now = System.nanoTime();
        // Never release before an earlier chunk: jitter must not reorder the stream.
        long release = Math.max(now + delayMs * 1_000_000L, lastReleaseNanos);
        lastReleaseNanos = release;
        delayed.addLast(new Delayed(release, data));
        delayedBytes += data.length();
        armTimer();
    }

    private void armTimer() {
        if (timerId >= 0 || delayed.isEmpty() || connection.isClosed()) {
            return;
        }
        long waitMs = Math.max(1, (delayed.peekFirst().releaseAtNanos() - System.nanoTime() + 999_999) / 1_000_000);
        timerId = connection.vertx().setTimer(waitMs, id -> {
            timerId = -1;
            releaseDue();
        });
    }

    private void releaseDue() {
        long now = System.nanoTime();
        while (!delayed.isEmpty() && delayed.peekFirst().releaseAtNanos() <= now && !connection.isClosed()) {
            Delayed d = delayed.pollFirst();
            delayedBytes -= d.data().length();
            send(d.data());
        }
        armTimer();
        updateFlow();
    }

    /** Pause reading while the write queue is full or too much is held for latency; resume otherwise. */
    private void updateFlow() {
        if (connection.isClosed()) {
            return;
        }
        boolean shouldPause = writeBlocked || delayedBytes > MAX_DELAYED_BYTES;
        if (shouldPause && !paused) {
            paused = true;
            connection.socket().pause();
        } else if (!shouldPause && paused) {
            paused = false;
            connection.socket().resume();
        }
        if (inputShutdown) {
            scheduleFinishCheck();
        }
    }

    /**
     * Runs after any inbound chunks Vert.x still buffers for us: resume() delivers them in a task it queues
     * on this context first, so when this task finds us not paused and nothing delayed, all input was echoed.
     */
    private void scheduleFinishCheck() {
        connection.context().runOnContext(v -> {
            if (inputShutdown && !paused && delayed.isEmpty() && !connection.isClosed()) {
                connection.end();
            }
        });
    }

    void cancelTimers() {
        if (timerId >= 0) {
            connection.vertx().cancelTimer(timerId);
            timerId = -1;
        }
    }
}
