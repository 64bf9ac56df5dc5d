package dev.l4lab.lb.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.l4lab.lb.support.Lb;
import dev.l4lab.lb.support.Pools;
import dev.l4lab.lb.support.UdpExactEcho;
import io.quarkus.test.junit.QuarkusTest;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * UDP through lb-demo is byte-exact up to the largest datagram: an Ethernet-sized one, a jumbo frame's worth, and
 * the largest UDP payload over IPv4, each way.
 */
@QuarkusTest
class UdpLargeDatagramTest {

    @ParameterizedTest
    @ValueSource(ints = {1472, 9000, 65_507})
    void aDatagramComesBackByteForByte(int size) throws Exception {
        Lb.awaitIdle("echo-udp"); // max-sessions is 4 in tests
        int port = Lb.port("echo-udp");
        byte[] sent = new byte[size];
        new Random(size).nextBytes(sent);
        try (UdpExactEcho echo = new UdpExactEcho()) {
            Pools.withOnlyBackend("echo-udp", echo.name(), () -> {
                try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                    client.setSoTimeout(5000);
                    client.setReceiveBufferSize(1 << 20);
                    client.send(new DatagramPacket(sent, sent.length, InetAddress.getLoopbackAddress(), port));
                    byte[] buf = new byte[65_535];
                    DatagramPacket reply = new DatagramPacket(buf, buf.length);
                    client.receive(reply);
                    assertEquals(size, reply.getLength(), "the reply is as long as the request");
                    assertArrayEquals(sent, Arrays.copyOf(buf, reply.getLength()), "the reply has the request's bytes");
                }
            });
        }
    }
}
