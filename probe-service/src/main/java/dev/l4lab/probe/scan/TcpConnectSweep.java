package dev.l4lab.probe.scan;

import dev.l4lab.probe.tcp.ConnectError;
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
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A TCP connect sweep on one selector, like nmap -sT: up to {@code window} non-blocking connects in
 * flight; a connect that completes is OPEN, one refused is CLOSED, one still pending at its deadline is
 * FILTERED. Every port gets the same timeout, so in-flight ports expire in launch order (a FIFO).
 *
 * <p>Why not Vert.x NetClient here: a full 1-65535 sweep creates 65535 channels, and a Netty pipeline
 * plus a Vert.x socket per port made the sweep about twice nmap's time. This loop owns its thread
 * (a worker thread, never the event loop) and only does non-blocking syscalls.
 */
final class TcpConnectSweep {

    private record InFlight(int port, long startNanos, long deadlineNanos, SocketChannel channel, SelectionKey key) {
    }

    private TcpConnectSweep() {
    }

    static void run(InetAddress address, int[] ports, int window, int timeoutMs, Consumer<PortResult> onResult,
                    BooleanSupplier cancelled) {
        long timeoutNanos = timeoutMs * 1_000_000L;
        ArrayDeque<InFlight> inFlight = new ArrayDeque<>(window);
        int next = 0;
        try (Selector selector = Selector.open()) {
            while ((next < ports.length || !inFlight.isEmpty()) && !cancelled.getAsBoolean()) {
                while (next < ports.length && inFlight.size() < window) {
                    int port = ports[next++];
                    InFlight f = launch(selector, address, port, timeoutNanos, onResult);
                    if (f != null) {
                        inFlight.addLast(f);
                    }
                }
                long waitMs = inFlight.isEmpty() ? 0
                        : Math.max(1, (inFlight.peekFirst().deadlineNanos() - System.nanoTime()) / 1_000_000L + 1);
                if (!inFlight.isEmpty()) {
                    selector.select(waitMs);
                }
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey key = it.next();
                    it.remove();
                    InFlight f = (InFlight) key.attachment();
                    finish(f, onResult);
                }
                long now = System.nanoTime();
                while (!inFlight.isEmpty()) {
                    InFlight head = inFlight.peekFirst();
                    if (!head.channel().isOpen()) {
                        inFlight.pollFirst(); // already finished
                    } else if (head.deadlineNanos() <= now) {
                        inFlight.pollFirst();
                        close(head.channel());
                        onResult.accept(PortResult.newBuilder().setPort(head.port()).setState(PortState.FILTERED)
                                .setRttMs((now - head.startNanos()) / 1e6).build());
                    } else {
                        break;
                    }
                }
            }
            for (InFlight f : inFlight) {
                close(f.channel());
            }
        } catch (IOException e) {
            throw new IllegalStateException("selector failed: " + e.getMessage(), e);
        }
    }

    private static InFlight launch(Selector selector, InetAddress address, int port, long timeoutNanos,
                                   Consumer<PortResult> onResult) {
        long start = System.nanoTime();
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            if (ch.connect(new InetSocketAddress(address, port))) {
                onResult.accept(opened(ch, port, start));
                return null;
            }
            SelectionKey key = ch.register(selector, SelectionKey.OP_CONNECT);
            InFlight f = new InFlight(port, start, start + timeoutNanos, ch, key);
            key.attach(f);
            return f;
        } catch (IOException e) {
            close(ch);
            onResult.accept(failure(port, start, e));
            return null;
        }
    }

    private static void finish(InFlight f, Consumer<PortResult> onResult) {
        try {
            if (f.channel().finishConnect()) {
                f.key().cancel();
                onResult.accept(opened(f.channel(), f.port(), f.startNanos()));
                return;
            } else {
                return; // spurious wake-up: still pending
            }
        } catch (IOException e) {
            onResult.accept(failure(f.port(), f.startNanos(), e));
        }
        f.key().cancel();
        close(f.channel());
    }

    /**
     * A completed connect is OPEN, except a TCP self-connect: when nothing listens on a port inside the
     * ephemeral range, the kernel may pick that very port as our source, and the SYN meets itself
     * (simultaneous open). That says nothing listens, so it is CLOSED, as nmap reports it.
     */
    private static PortResult opened(SocketChannel ch, int port, long start) {
        boolean self = false;
        try {
            self = ((InetSocketAddress) ch.getLocalAddress()).getPort() == port
                    && ((InetSocketAddress) ch.getRemoteAddress()).getAddress()
                    .equals(((InetSocketAddress) ch.getLocalAddress()).getAddress());
        } catch (IOException | RuntimeException ignored) {
            // treat as a normal open
        }
        abort(ch);
        return self ? result(port, PortState.CLOSED, start, "self-connect (nothing listens)")
                : result(port, PortState.OPEN, start, "");
    }

    private static PortResult failure(int port, long start, IOException e) {
        ConnectError error = ConnectError.classify(e);
        String text = error.state == PortState.CLOSED ? "" : ConnectError.describe(e);
        return result(port, error.state, start, text);
    }

    private static PortResult result(int port, PortState state, long start, String error) {
        return PortResult.newBuilder().setPort(port).setState(state).setRttMs((System.nanoTime() - start) / 1e6)
                .setError(error).build();
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
