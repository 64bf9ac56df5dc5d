package dev.l4lab.lb.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The encoder's bytes, read by the decoder the field uses (Netty's HAProxyMessageDecoder, as echo-service and
 * HAProxy-aware servers do): v1 and v2, IPv4 and IPv6, and the client's first bytes right behind the header.
 */
class ProxyHeaderDecodeTest {

    private static InetSocketAddress at(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @CsvSource({
        "v1, 192.168.0.1, 56324, 192.168.0.11, 443, TCP4",
        "v1, 2001:db8::1, 40000, ::1, 8081, TCP6",
        "v1, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, 65535, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, 65535, TCP6",
        "v2, 192.168.0.1, 56324, 192.168.0.11, 443, TCP4",
        "v2, 10.0.0.1, 1, 172.28.0.10, 65535, TCP4",
        "v2, 2001:db8::1, 40000, ::1, 8081, TCP6",
    })
    void nettysDecoderReadsTheClientAndTheAddressItConnectedTo(String version, String srcIp, int srcPort, String dstIp,
            int dstPort, String protocol) throws Exception {
        BiFunction<InetSocketAddress, InetSocketAddress, byte[]> encoder = version.equals("v1") ? ProxyHeader::v1
                : ProxyHeader::v2;
        EmbeddedChannel ch = new EmbeddedChannel(new HAProxyMessageDecoder());
        ByteBuf wire = Unpooled.buffer();
        wire.writeBytes(encoder.apply(at(srcIp, srcPort), at(dstIp, dstPort)));
        wire.writeBytes("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        ch.writeInbound(wire);

        HAProxyMessage m = ch.readInbound();
        try {
            assertEquals(version.equals("v1") ? HAProxyProtocolVersion.V1 : HAProxyProtocolVersion.V2,
                    m.protocolVersion());
            assertEquals(HAProxyCommand.PROXY, m.command());
            assertEquals(HAProxyProxiedProtocol.valueOf(protocol), m.proxiedProtocol());
            assertEquals(InetAddress.getByName(srcIp), InetAddress.getByName(m.sourceAddress()));
            assertEquals(srcPort, m.sourcePort());
            assertEquals(InetAddress.getByName(dstIp), InetAddress.getByName(m.destinationAddress()));
            assertEquals(dstPort, m.destinationPort());
        } finally {
            m.release();
        }
        ByteBuf rest = ch.readInbound();
        assertEquals("GET / HTTP/1.1\r\n", rest.toString(StandardCharsets.US_ASCII), "the client's bytes follow intact");
        rest.release();
        assertNull(ch.readInbound());
        ch.finishAndReleaseAll();
    }

    @ParameterizedTest
    @CsvSource({"v1", "v2"})
    void mixedFamiliesDecodeAsUnknown(String version) throws Exception {
        byte[] header = version.equals("v1") ? ProxyHeader.v1(at("10.0.0.1", 1), at("::1", 2))
                : ProxyHeader.v2(at("10.0.0.1", 1), at("::1", 2));
        EmbeddedChannel ch = new EmbeddedChannel(new HAProxyMessageDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(header));
        HAProxyMessage m = ch.readInbound();
        try {
            assertEquals(HAProxyProxiedProtocol.UNKNOWN, m.proxiedProtocol());
        } finally {
            m.release();
        }
        ch.finishAndReleaseAll();
    }
}
