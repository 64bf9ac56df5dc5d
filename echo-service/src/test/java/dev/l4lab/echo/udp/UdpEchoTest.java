package dev.l4lab.echo.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.echo.Metrics;
import dev.l4lab.echo.Ports;
import dev.l4lab.echo.Wire;
import io.quarkus.test.junit.QuarkusTest;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** UDP echo with a plain JDK DatagramSocket as the client. */
@QuarkusTest
class UdpEchoTest {

    private final Ports ports = new Ports();

    @Test
    void echoesEachDatagramToItsSenderWithTheSameBytes() throws Exception {
        Random random = new Random(9001);
        try (DatagramSocket client = client()) {
            for (int size : new int[] {1, 512, 1472, 9000, 32_768}) {
                byte[] sent = new byte[size];
                random.nextBytes(sent);
                client.send(new DatagramPacket(sent, size, target()));
                assertArrayEquals(sent, receive(client, 70_000), "datagram of " + size + " bytes");
            }
        }
    }

    @Test
    void largestIpv4DatagramOf65507BytesComesBackWhole() throws Exception {
        byte[] sent = new byte[65_507];
        new Random(65507).nextBytes(sent);
        try (DatagramSocket client = client()) {
            client.setReceiveBufferSize(1 << 20);
            client.send(new DatagramPacket(sent, sent.length, target()));
            assertArrayEquals(sent, receive(client, 70_000));
        }
    }

    @Test
    void noAmplificationOneReplyNeverLargerThanTheRequest() throws Exception {
        try (DatagramSocket client = client()) {
            for (int size : new int[] {1, 8, 100}) {
                client.send(new DatagramPacket(new byte[size], size, target()));
                byte[] reply = receive(client, 70_000);
                assertEquals(size, reply.length, "reply size for a " + size + "-byte request");
            }
            client.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> receive(client, 70_000), "exactly one reply each");
        }
    }

    @Test
    void aZeroLengthDatagramIsCountedAsReceivedAndDroppedButNotAsSent() throws Exception {
        double received = Metrics.value("echo_datagrams_received_total");
        double sent = Metrics.value("echo_datagrams_sent_total");
        double empty = Metrics.value("echo_datagrams_dropped_total{reason=\"empty\"}");
        try (DatagramSocket client = client()) {
            client.send(new DatagramPacket(new byte[0], 0, target()));
            client.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> receive(client, 16), "no reply to an empty datagram");
        }
        assertTrue(Wire.eventually(3000, () -> Metrics.value("echo_datagrams_received_total") == received + 1));
        assertEquals(empty + 1, Metrics.value("echo_datagrams_dropped_total{reason=\"empty\"}"));
        assertEquals(sent, Metrics.value("echo_datagrams_sent_total"), "nothing was sent");
    }

    private InetSocketAddress target() {
        return new InetSocketAddress(Wire.HOST, ports.udpEcho());
    }

    static DatagramSocket client() throws Exception {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(Wire.HOST, 0));
        s.setSoTimeout(3000);
        return s;
    }

    static byte[] receive(DatagramSocket s, int max) throws Exception {
        DatagramPacket p = new DatagramPacket(new byte[max], max);
        s.receive(p);
        return Arrays.copyOf(p.getData(), p.getLength());
    }
}
