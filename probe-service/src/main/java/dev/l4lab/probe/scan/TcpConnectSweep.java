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
import java.util.function.Consumer;

/**
 * A TCP connect sweep, like nmap -sT ({@link SelectorSweep} does the loop): a connect that completes is
 * OPEN, one refused is CLOSED, one still pending at its deadline is FILTERED.
 *
 * <p>Why not Vert.x NetClient here: a full 1-65535 sweep creates 65535 channels, and a Netty pipeline
 * plus a Vert.x socket per port made the sweep about twice nmap's time. Plain non-blocking connect()s on a
 * selector are nmap's own approach.
 */
final class TcpConnectSweep implements SelectorSweep.Steps<SocketChannel> {

    private final InetAddress address;

    private TcpConnectSweep(InetAddress address) {
        this.address = address;
    }

    static void run(InetAddress address, PortCursor ports, int window, int timeoutMs, Consumer<PortResult> onResult,
                    LaunchGate gate) throws InterruptedException {
        SelectorSweep.run(ports, window, timeoutMs, onResult, gate, new TcpConnectSweep(address));
    }

    @Override
    public SelectorSweep.Launch<SocketChannel> launch(Selector selector, int port, long start, long deadline) {
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            if (ch.connect(new InetSocketAddress(address, port))) {
                return new SelectorSweep.Launch<>(null, opened(ch, port, start));
            }
            SelectionKey key = ch.register(selector, SelectionKey.OP_CONNECT);
            SelectorSweep.Flight<SocketChannel> f = new SelectorSweep.Flight<>(port, start, deadline, ch, key);
            key.attach(f);
            return new SelectorSweep.Launch<>(f, null);
        } catch (IOException e) {
            SelectorSweep.close(ch);
            return new SelectorSweep.Launch<>(null, failure(port, start, e));
        }
    }

    @Override
    public PortResult ready(SelectorSweep.Flight<SocketChannel> f) {
        try {
            return f.channel().finishConnect() ? opened(f.channel(), f.port(), f.startNanos()) : null;
        } catch (IOException e) {
            return failure(f.port(), f.startNanos(), e);
        }
    }

    @Override
    public PortResult expired(SelectorSweep.Flight<SocketChannel> f, long now) {
        return PortResult.newBuilder().setPort(f.port()).setState(PortState.FILTERED)
                .setRttMs((now - f.startNanos()) / 1e6).setReason(FailureReason.TIMEOUT.word).build();
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
        SelectorSweep.close(ch);
    }
}
