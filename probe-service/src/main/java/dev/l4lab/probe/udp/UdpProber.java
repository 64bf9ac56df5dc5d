package dev.l4lab.probe.udp;

import dev.l4lab.probe.tcp.ConnectError;
import dev.l4lab.probe.v1.PortState;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * One UDP probe over a connected JDK DatagramChannel. Connecting matters: only a connected UDP socket
 * gets the ICMP port-unreachable reported back (Linux: ECONNREFUSED, Java: PortUnreachableException),
 * which is what tells CLOSED apart from OPEN_FILTERED. Blocking: run it on a worker thread.
 */
@ApplicationScoped
public class UdpProber {

    static final int MAX_DATAGRAM = 65_507;

    public UdpOutcome probe(InetAddress address, int port, byte[] payload, int timeoutMs) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        try (DatagramChannel channel = DatagramChannel.open(
                address instanceof java.net.Inet6Address ? java.net.StandardProtocolFamily.INET6
                        : java.net.StandardProtocolFamily.INET);
             Selector selector = Selector.open()) {
            channel.connect(new InetSocketAddress(address, port));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
            String localAddress = dev.l4lab.probe.policy.ResolvedTarget.text(local.getAddress());
            int localPort = local.getPort();
            long sent = System.nanoTime();
            int bytesSent;
            try {
                bytesSent = channel.write(ByteBuffer.wrap(payload));
            } catch (PortUnreachableException e) {
                return closed(sent, localAddress, localPort, 0);
            }
            ByteBuffer in = ByteBuffer.allocate(MAX_DATAGRAM);
            while (true) {
                long remainingMs = (deadline - System.nanoTime()) / 1_000_000L;
                if (remainingMs <= 0) {
                    return new UdpOutcome(PortState.OPEN_FILTERED, 0, new byte[0], localAddress, localPort, bytesSent,
                            "no reply within " + timeoutMs + " ms");
                }
                selector.select(remainingMs);
                selector.selectedKeys().clear();
                try {
                    in.clear();
                    if (channel.receive(in) != null) { // null: nothing yet; an empty datagram is still a reply
                        double rtt = (System.nanoTime() - sent) / 1e6;
                        in.flip();
                        byte[] reply = new byte[in.remaining()];
                        in.get(reply);
                        return new UdpOutcome(PortState.OPEN, rtt, reply, localAddress, localPort, bytesSent, "");
                    }
                } catch (PortUnreachableException e) {
                    return closed(sent, localAddress, localPort, bytesSent);
                } catch (IOException e) {
                    ConnectError kind = ConnectError.classify(e);
                    PortState state = kind == ConnectError.EHOSTUNREACH || kind == ConnectError.ENETUNREACH
                            ? PortState.UNREACHABLE : PortState.ERROR;
                    return new UdpOutcome(state, (System.nanoTime() - sent) / 1e6, new byte[0], localAddress, localPort,
                            bytesSent, ConnectError.describe(e));
                }
            }
        } catch (IOException e) {
            ConnectError kind = ConnectError.classify(e);
            PortState state = kind == ConnectError.EHOSTUNREACH || kind == ConnectError.ENETUNREACH
                    ? PortState.UNREACHABLE : PortState.ERROR;
            return new UdpOutcome(state, 0, new byte[0], "", 0, 0, ConnectError.describe(e));
        }
    }

    private static UdpOutcome closed(long sent, String localAddress, int localPort, int bytesSent) {
        return new UdpOutcome(PortState.CLOSED, (System.nanoTime() - sent) / 1e6, new byte[0], localAddress, localPort,
                bytesSent, "ICMP port unreachable");
    }
}
