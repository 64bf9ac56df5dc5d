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
import java.util.function.Consumer;

/**
 * A UDP scan ({@link SelectorSweep} does the loop): connected, non-blocking DatagramChannels, one payload
 * each. A reply is OPEN, ICMP port unreachable (reported on a connected socket as PortUnreachableException)
 * is CLOSED, silence until the deadline is OPEN_FILTERED. One small receive buffer per lane, whatever the
 * window (a scan reports states, not reply bytes; a longer reply is cut, which does not change its state).
 */
final class UdpSweep implements SelectorSweep.Steps<DatagramChannel> {

    /** Enough to see that a reply came; the rest of a longer datagram is discarded by the kernel. */
    static final int RECEIVE_BUFFER = 2048;

    private final InetAddress address;
    private final byte[] payload;
    private final ByteBuffer in = ByteBuffer.allocate(RECEIVE_BUFFER);

    private UdpSweep(InetAddress address, byte[] payload) {
        this.address = address;
        this.payload = payload;
    }

    static void run(InetAddress address, PortCursor ports, int window, int timeoutMs, byte[] payload,
                    Consumer<PortResult> onResult, LaunchGate gate) throws InterruptedException {
        SelectorSweep.run(ports, window, timeoutMs, onResult, gate, new UdpSweep(address, payload));
    }

    @Override
    public SelectorSweep.Launch<DatagramChannel> launch(Selector selector, int port, long start, long deadline) {
        DatagramChannel ch = null;
        try {
            ch = DatagramChannel.open(address instanceof Inet6Address ? StandardProtocolFamily.INET6
                    : StandardProtocolFamily.INET);
            ch.configureBlocking(false);
            ch.connect(new InetSocketAddress(address, port));
            SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
            SelectorSweep.Flight<DatagramChannel> f = new SelectorSweep.Flight<>(port, start, deadline, ch, key);
            key.attach(f);
            ch.write(ByteBuffer.wrap(payload));
            return new SelectorSweep.Launch<>(f, null);
        } catch (PortUnreachableException e) {
            SelectorSweep.close(ch);
            return new SelectorSweep.Launch<>(null, result(port, PortState.CLOSED, start, "", FailureReason.REFUSED));
        } catch (IOException e) {
            SelectorSweep.close(ch);
            return new SelectorSweep.Launch<>(null, failure(port, start, e));
        }
    }

    @Override
    public PortResult ready(SelectorSweep.Flight<DatagramChannel> f) {
        try {
            in.clear();
            return f.channel().receive(in) == null ? null // spurious wake-up
                    : result(f.port(), PortState.OPEN, f.startNanos(), "", null);
        } catch (PortUnreachableException e) {
            return result(f.port(), PortState.CLOSED, f.startNanos(), "", FailureReason.REFUSED);
        } catch (IOException e) {
            return failure(f.port(), f.startNanos(), e);
        }
    }

    @Override
    public PortResult expired(SelectorSweep.Flight<DatagramChannel> f, long now) {
        return PortResult.newBuilder().setPort(f.port()).setState(PortState.OPEN_FILTERED)
                .setReason(FailureReason.TIMEOUT.word).build();
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
}
