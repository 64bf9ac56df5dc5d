package dev.l4lab.probe.scan;

import dev.l4lab.probe.v1.PortResult;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * The loop of a sweep lane, for TCP and UDP alike: up to {@code window} sockets in flight on one selector;
 * before each new socket the lane asks its {@link LaunchGate} (no new socket while the client's outbox is
 * full or every scan socket is taken); a socket the selector reports ready gets its result, one still
 * pending at its deadline expires. Every port has the same timeout, so in-flight ports expire in launch
 * order (a FIFO). Runs on its own sweep thread, never an event loop; only non-blocking syscalls.
 */
final class SelectorSweep {

    /** One port's socket in flight. */
    record Flight<C extends SelectableChannel>(int port, long startNanos, long deadlineNanos, C channel, SelectionKey key) {
    }

    /** What a launch gave: a socket in flight, or the port's result at once (its socket already closed). */
    record Launch<C extends SelectableChannel>(Flight<C> flight, PortResult result) {
    }

    /** The protocol's part of a sweep. */
    interface Steps<C extends SelectableChannel> {
        /** Opens a socket for {@code port} and registers it with {@code selector}, or answers at once. */
        Launch<C> launch(Selector selector, int port, long startNanos, long deadlineNanos);

        /** The selector reported the socket: its result, or null while it is still pending. */
        PortResult ready(Flight<C> flight);

        /** The deadline passed with no answer. */
        PortResult expired(Flight<C> flight, long nowNanos);
    }

    private SelectorSweep() {
    }

    static <C extends SelectableChannel> void run(PortCursor ports, int window, int timeoutMs, Consumer<PortResult> onResult,
                                                  LaunchGate gate, Steps<C> steps) throws InterruptedException {
        long timeoutNanos = timeoutMs * 1_000_000L;
        ArrayDeque<Flight<C>> inFlight = new ArrayDeque<>(window);
        boolean exhausted = false;
        try (Selector selector = Selector.open()) {
            try {
                while (!gate.stopped()) {
                    while (!exhausted && inFlight.size() < window && gate.tryLaunch()) {
                        int port = ports.next();
                        if (port < 0) {
                            exhausted = true;
                            gate.closed();
                            break;
                        }
                        long start = System.nanoTime();
                        Launch<C> l = steps.launch(selector, port, start, start + timeoutNanos);
                        if (l.flight() != null) {
                            inFlight.addLast(l.flight());
                        } else {
                            gate.closed();
                            onResult.accept(l.result());
                        }
                    }
                    if (inFlight.isEmpty()) {
                        if (exhausted) {
                            return;
                        }
                        selector.selectNow(); // drops the cancelled keys (and their channels) before waiting
                        gate.idle();
                        continue;
                    }
                    long waitMs = Math.max(1, (inFlight.peekFirst().deadlineNanos() - System.nanoTime()) / 1_000_000L + 1);
                    selector.select(waitMs);
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey key = it.next();
                        it.remove();
                        @SuppressWarnings("unchecked")
                        Flight<C> f = (Flight<C>) key.attachment();
                        PortResult r = steps.ready(f);
                        if (r != null) {
                            f.key().cancel();
                            close(f.channel());
                            gate.closed();
                            onResult.accept(r);
                        }
                    }
                    expire(inFlight, onResult, gate, steps);
                }
            } finally {
                for (Flight<C> f : inFlight) {
                    if (f.channel().isOpen()) {
                        close(f.channel());
                        gate.closed();
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("selector failed: " + e.getMessage(), e);
        }
    }

    private static <C extends SelectableChannel> void expire(ArrayDeque<Flight<C>> inFlight, Consumer<PortResult> onResult,
                                                             LaunchGate gate, Steps<C> steps) {
        long now = System.nanoTime();
        while (!inFlight.isEmpty()) {
            Flight<C> head = inFlight.peekFirst();
            if (!head.channel().isOpen()) {
                inFlight.pollFirst(); // already answered
            } else if (head.deadlineNanos() <= now) {
                inFlight.pollFirst();
                close(head.channel());
                gate.closed();
                onResult.accept(steps.expired(head, now));
            } else {
                return;
            }
        }
    }

    static void close(SelectableChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }
}
