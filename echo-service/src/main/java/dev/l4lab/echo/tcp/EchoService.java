package dev.l4lab.echo.tcp;

import dev.l4lab.echo.faults.FaultPlan;
import dev.l4lab.echo.faults.FaultState;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;

/**
 * RFC 862 echo with backpressure, like Netty's HexDumpProxy: while the write queue and the latency fault's
 * hold together reach half the connection buffer, the channel stops reading; it reads again once they drain.
 * Each read adds at most one chunk (the other half), and releasing held chunks into the queue only moves
 * bytes, so a client that sends and never reads pins at most the connection buffer (plus kernel buffers).
 * Held chunks keep their order and are released only while the write queue has room. On the client's FIN
 * everything read so far is echoed, then we close.
 */
final class EchoService implements StreamService {

    private record Delayed(long releaseAtNanos, Buffer data) {
    }

    private final TcpConnection connection;
    private final FaultState faults;
    private final int pauseAt;
    private final ArrayDeque<Delayed> delayed = new ArrayDeque<>();
    private long delayedBytes;
    private long lastReleaseNanos;
    private long timerId = -1;
    private boolean writeBlocked;
    private boolean inputShutdown;

    EchoService(TcpConnection connection, FaultState faults, int pauseAt) {
        this.connection = connection;
        this.faults = faults;
        this.pauseAt = pauseAt;
    }

    @Override
    public void start() {
        connection.socket().drainHandler(v -> {
            writeBlocked = false;
            releaseDue();
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
        finishIfDone();
    }

    @Override
    public boolean idle() {
        return delayed.isEmpty();
    }

    @Override
    public void onClosed() {
        if (timerId >= 0) {
            connection.vertx().cancelTimer(timerId);
            timerId = -1;
        }
        delayed.clear();
        delayedBytes = 0;
    }

    private void send(Buffer data) {
        connection.write(data);
        // Writes made while reading are flushed when the read loop ends; flush now instead, so only a kernel
        // buffer that is really full (the client is not reading) stops our reading.
        if (connection.socket().writeQueueFull() && !connection.flushNow()) {
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
        while (!writeBlocked && !delayed.isEmpty() && delayed.peekFirst().releaseAtNanos() <= now
            && !connection.isClosed()) {
            Delayed d = delayed.pollFirst();
            delayedBytes -= d.data().length();
            send(d.data());
        }
        if (!writeBlocked) {
            armTimer();
        }
        updateFlow();
    }

    /** Read while the write queue and the latency hold together are below their mark; stop otherwise. */
    private void updateFlow() {
        if (connection.isClosed()) {
            return;
        }
        connection.reading(!writeBlocked && delayedBytes + connection.queuedBytes() < pauseAt);
        finishIfDone();
    }

    /** After the client's FIN every byte it sent has been read; close once none is held back. */
    private void finishIfDone() {
        if (inputShutdown && delayed.isEmpty() && !connection.isClosed()) {
            connection.end();
        }
    }
}
