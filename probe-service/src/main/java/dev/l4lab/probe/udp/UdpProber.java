package dev.l4lab.probe.udp;

import dev.l4lab.probe.net.AddressText;
import dev.l4lab.probe.net.ConnectError;
import dev.l4lab.probe.net.FailureReason;
import dev.l4lab.probe.v1.PortState;
import jakarta.enterprise.context.ApplicationScoped;
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

/**
 * One UDP probe over a connected JDK DatagramChannel. Connecting matters: only a connected UDP socket
 * gets the ICMP port-unreachable reported back (Linux: ECONNREFUSED, Java: PortUnreachableException),
 * which is what tells CLOSED apart from OPEN_FILTERED. Blocking: run it on a worker thread (one
 * 64 KiB receive buffer per worker thread at most, since that is where probes run).
 */
@ApplicationScoped
public class UdpProber {

    public static final int MAX_DATAGRAM = 65_507;

    public UdpOutcome probe(InetAddress address, int port, byte[] payload, int timeoutMs) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        try (DatagramChannel channel = DatagramChannel.open(
                address instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
             Selector selector = Selector.open()) {
            channel.connect(new InetSocketAddress(address, port));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
            String localAddress = AddressText.of(local.getAddress());
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
                            "no reply within " + timeoutMs + " ms", FailureReason.TIMEOUT);
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
                        return new UdpOutcome(PortState.OPEN, rtt, reply, localAddress, localPort, bytesSent, "", null);
                    }
                } catch (PortUnreachableException e) {
                    return closed(sent, localAddress, localPort, bytesSent);
                } catch (IOException e) {
                    return new UdpOutcome(UdpErrors.state(e), (System.nanoTime() - sent) / 1e6, new byte[0], localAddress,
                            localPort, bytesSent, ConnectError.describe(e), UdpErrors.reason(e));
                }
            }
        } catch (IOException e) {
            return new UdpOutcome(UdpErrors.state(e), 0, new byte[0], "", 0, 0, ConnectError.describe(e), UdpErrors.reason(e));
        }
    }

    private static UdpOutcome closed(long sent, String localAddress, int localPort, int bytesSent) {
        return new UdpOutcome(PortState.CLOSED, (System.nanoTime() - sent) / 1e6, new byte[0], localAddress, localPort,
                bytesSent, "ICMP port unreachable", FailureReason.REFUSED);
    }
}
