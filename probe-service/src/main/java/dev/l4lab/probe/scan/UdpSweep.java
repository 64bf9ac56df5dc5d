package dev.l4lab.probe.scan;

import dev.l4lab.probe.net.ConnectError;
import dev.l4lab.probe.net.FailureReason;
import dev.l4lab.probe.v1.PortResult;
import dev.l4lab.probe.v1.PortState;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * A UDP scan on one selector: up to {@code window} connected, non-blocking DatagramChannels in flight,
 * one payload each. A reply is OPEN, ICMP port unreachable (reported on a connected socket as
 * PortUnreachableException) is CLOSED, silence until the deadline is OPEN_FILTERED. One thread and one
 * small receive buffer per lane, whatever the window (a scan reports states, not reply bytes; a longer
 * reply is cut, which does not change its state). The same {@link LaunchGate} as the TCP sweep.
 */
final class UdpSweep {

    /** Enough to see that a reply came; the rest of a longer datagram is discarded by the kernel. */
    static final int RECEIVE_BUFFER = 2048;

    private record InFlight(int port, long startNanos, long deadlineNanos, DatagramChannel channel, SelectionKey key) {
    }

    private UdpSweep() {
    }

    static void run(InetAddress address, PortCursor ports, int window, int timeoutMs, byte[] payload,
                    Consumer<PortResult> onResult, LaunchGate gate) throws InterruptedException {
        long timeoutNanos = timeoutMs * 1_000_000L;
        ArrayDeque<InFlight> inFlight = new ArrayDeque<>(window);
        ByteBuffer in = ByteBuffer.allocate(RECEIVE_BUFFER);
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
                        InFlight f = launch(selector, address, port, timeoutNanos, payload, onResult, gate);
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
                        receive((InFlight) key.attachment(), in, onResult, gate);
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

    private static InFlight launch(Selector selector, InetAddress address, int port, long timeoutNanos, byte[] payload,
                                   Consumer<PortResult> onResult, LaunchGate gate) {
        long start = System.nanoTime();
        DatagramChannel ch = null;
        try {
            ch = DatagramChannel.open(address instanceof Inet6Address ? StandardProtocolFamily.INET6
                    : StandardProtocolFamily.INET);
            ch.configureBlocking(false);
            ch.connect(new InetSocketAddress(address, port));
            SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
            InFlight f = new InFlight(port, start, start + timeoutNanos, ch, key);
            key.attach(f);
            ch.write(ByteBuffer.wrap(payload));
            return f;
        } catch (PortUnreachableException e) {
            close(ch);
            gate.closed();
            onResult.accept(result(port, PortState.CLOSED, start, "", FailureReason.REFUSED));
            return null;
        } catch (IOException e) {
            close(ch);
            gate.closed();
            onResult.accept(failure(port, start, e));
            return null;
        }
    }

    private static void receive(InFlight f, ByteBuffer in, Consumer<PortResult> onResult, LaunchGate gate) {
        PortResult r;
        try {
            in.clear();
            if (f.channel().receive(in) == null) {
                return; // spurious wake-up
            }
            r = result(f.port(), PortState.OPEN, f.startNanos(), "", null);
        } catch (PortUnreachableException e) {
            r = result(f.port(), PortState.CLOSED, f.startNanos(), "", FailureReason.REFUSED);
        } catch (IOException e) {
            r = failure(f.port(), f.startNanos(), e);
        }
        f.key().cancel();
        close(f.channel());
        gate.closed();
        onResult.accept(r);
    }

    private static void expire(ArrayDeque<InFlight> inFlight, Consumer<PortResult> onResult, LaunchGate gate) {
        long now = System.nanoTime();
        while (!inFlight.isEmpty()) {
            InFlight head = inFlight.peekFirst();
            if (!head.channel().isOpen()) {
                inFlight.pollFirst();
            } else if (head.deadlineNanos() <= now) {
                inFlight.pollFirst();
                close(head.channel());
                gate.closed();
                onResult.accept(PortResult.newBuilder().setPort(head.port()).setState(PortState.OPEN_FILTERED)
                        .setReason(FailureReason.TIMEOUT.word).build());
            } else {
                return;
            }
        }
    }

    private static PortResult failure(int port, long start, IOException e) {
        ConnectError error = ConnectError.classify(e);
        PortState state = error.state == PortState.UNREACHABLE ? PortState.UNREACHABLE : PortState.ERROR;
        return result(port, state, start, ConnectError.describe(e), error.reason);
    }

    private static PortResult result(int port, PortState state, long start, String error, FailureReason reason) {
        return PortResult.newBuilder().setPort(port).setState(state).setRttMs((System.nanoTime() - start) / 1e6)
                .setError(error).setReason(reason == null ? "" : reason.word).build();
    }

    private static void close(DatagramChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }
}
