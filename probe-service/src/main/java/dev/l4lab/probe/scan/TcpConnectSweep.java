package dev.l4lab.probe.scan;

import dev.l4lab.probe.net.ConnectError;
import dev.l4lab.probe.net.FailureReason;
import dev.l4lab.probe.net.SelfConnect;
import dev.l4lab.probe.v1.PortResult;
import dev.l4lab.probe.v1.PortState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * A TCP connect sweep on one selector, like nmap -sT: up to {@code window} non-blocking connects in
 * flight; a connect that completes is OPEN, one refused is CLOSED, one still pending at its deadline is
 * FILTERED. Every port gets the same timeout, so in-flight ports expire in launch order (a FIFO).
 * Before each connect the lane asks its {@link LaunchGate}: no new socket while the client's outbox is
 * full or every scan socket is taken, so a slow client slows the sweep instead of filling the heap.
 *
 * <p>Why not Vert.x NetClient here: a full 1-65535 sweep creates 65535 channels, and a Netty pipeline
 * plus a Vert.x socket per port made the sweep about twice nmap's time. This loop owns its thread
 * (a sweep thread, never the event loop) and only does non-blocking syscalls.
 */
final class TcpConnectSweep {

    private record InFlight(int port, long startNanos, long deadlineNanos, SocketChannel channel, SelectionKey key) {
    }

    private TcpConnectSweep() {
    }

    static void run(InetAddress address, PortCursor ports, int window, int timeoutMs, Consumer<PortResult> onResult,
                    LaunchGate gate) throws InterruptedException {
        long timeoutNanos = timeoutMs * 1_000_000L;
        ArrayDeque<InFlight> inFlight = new ArrayDeque<>(window);
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
                        InFlight f = launch(selector, address, port, timeoutNanos, onResult, gate);
                        if (f != null) {
                            inFlight.addLast(f);
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
                        finish((InFlight) key.attachment(), onResult, gate);
                    }
                    expire(inFlight, onResult, gate);
                }
            } finally {
                for (InFlight f : inFlight) {
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

    private static void expire(ArrayDeque<InFlight> inFlight, Consumer<PortResult> onResult, LaunchGate gate) {
        long now = System.nanoTime();
        while (!inFlight.isEmpty()) {
            InFlight head = inFlight.peekFirst();
            if (!head.channel().isOpen()) {
                inFlight.pollFirst(); // already finished
            } else if (head.deadlineNanos() <= now) {
                inFlight.pollFirst();
                close(head.channel());
                gate.closed();
                onResult.accept(PortResult.newBuilder().setPort(head.port()).setState(PortState.FILTERED)
                        .setRttMs((now - head.startNanos()) / 1e6).setReason(FailureReason.TIMEOUT.word).build());
            } else {
                return;
            }
        }
    }

    private static InFlight launch(Selector selector, InetAddress address, int port, long timeoutNanos,
                                   Consumer<PortResult> onResult, LaunchGate gate) {
        long start = System.nanoTime();
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            if (ch.connect(new InetSocketAddress(address, port))) {
                PortResult r = opened(ch, port, start);
                gate.closed();
                onResult.accept(r);
                return null;
            }
            SelectionKey key = ch.register(selector, SelectionKey.OP_CONNECT);
            InFlight f = new InFlight(port, start, start + timeoutNanos, ch, key);
            key.attach(f);
            return f;
        } catch (IOException e) {
            close(ch);
            gate.closed();
            onResult.accept(failure(port, start, e));
            return null;
        }
    }

    private static void finish(InFlight f, Consumer<PortResult> onResult, LaunchGate gate) {
        PortResult r;
        try {
            if (!f.channel().finishConnect()) {
                return; // spurious wake-up: still pending
            }
            f.key().cancel();
            r = opened(f.channel(), f.port(), f.startNanos());
        } catch (IOException e) {
            f.key().cancel();
            close(f.channel());
            r = failure(f.port(), f.startNanos(), e);
        }
        gate.closed();
        onResult.accept(r);
    }

    /** A completed connect is OPEN, except a self-connect ({@link SelfConnect}), which is CLOSED. */
    private static PortResult opened(SocketChannel ch, int port, long start) {
        boolean self = false;
        try {
            InetSocketAddress local = (InetSocketAddress) ch.getLocalAddress();
            InetSocketAddress remote = (InetSocketAddress) ch.getRemoteAddress();
            self = local.getPort() == port && remote.getAddress().equals(local.getAddress());
        } catch (IOException | RuntimeException ignored) {
            // treat as a normal open
        }
        abort(ch);
        return self ? result(port, PortState.CLOSED, start, SelfConnect.ERROR, FailureReason.REFUSED.word)
                : result(port, PortState.OPEN, start, "", "");
    }

    private static PortResult failure(int port, long start, IOException e) {
        ConnectError error = ConnectError.classify(e);
        String text = error.state == PortState.CLOSED ? "" : ConnectError.describe(e);
        return result(port, error.state, start, text, error.reason.word);
    }

    private static PortResult result(int port, PortState state, long start, String error, String reason) {
        return PortResult.newBuilder().setPort(port).setState(state).setRttMs((System.nanoTime() - start) / 1e6)
                .setError(error).setReason(reason).build();
    }

    /** Closes an established connection with a RST (SO_LINGER 0), like nmap: no TIME-WAIT per open port. */
    private static void abort(SocketChannel ch) {
        try {
            ch.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException ignored) {
            // close anyway
        }
        close(ch);
    }

    private static void close(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }
}
