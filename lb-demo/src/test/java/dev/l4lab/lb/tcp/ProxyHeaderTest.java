package dev.l4lab.lb.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Bytes checked against HAProxy doc/proxy-protocol.txt (sections 2.1 and 2.2). */
class ProxyHeaderTest {

    private static InetSocketAddress at(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    @Test
    void v1Tcp4MatchesTheSpecExample() throws Exception {
        // spec 2.1: "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"
        assertEquals("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n",
                new String(ProxyHeader.v1(at("192.168.0.1", 56324), at("192.168.0.11", 443)), StandardCharsets.US_ASCII));
    }

    @Test
    void v1Tcp6WorstCaseIsTheSpecMaximumLine() throws Exception {
        // spec 2.1: the longest TCP6 line is 104 bytes with CRLF
        String max = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
        byte[] line = ProxyHeader.v1(at(max, 65535), at(max, 65535));
        assertEquals("PROXY TCP6 " + max + " " + max + " 65535 65535\r\n", new String(line, StandardCharsets.US_ASCII));
        assertEquals(104, line.length);
        assertEquals("PROXY TCP6 2001:db8::1 ::1 1 2\r\n",
                new String(ProxyHeader.v1(at("2001:db8:0:0:0:0:0:1", 1), at("::1", 2)), StandardCharsets.US_ASCII));
    }

    @Test
    void v1MixedFamiliesIsUnknown() throws Exception {
        assertEquals("PROXY UNKNOWN\r\n",
                new String(ProxyHeader.v1(at("10.0.0.1", 1), at("::1", 2)), StandardCharsets.US_ASCII));
    }

    @Test
    void v2Tcp4Bytes() throws Exception {
        byte[] expected = {
            0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, // signature
            0x21, // version 2 | PROXY
            0x11, // AF_INET | STREAM
            0x00, 0x0C, // 12 address bytes
            (byte) 192, (byte) 168, 0, 1, // src 192.168.0.1
            (byte) 192, (byte) 168, 0, 11, // dst 192.168.0.11
            (byte) 0xDC, 0x04, // src port 56324
            0x01, (byte) 0xBB // dst port 443
        };
        assertArrayEquals(expected, ProxyHeader.v2(at("192.168.0.1", 56324), at("192.168.0.11", 443)));
    }

    @Test
    void v2Tcp6Bytes() throws Exception {
        byte[] h = ProxyHeader.v2(at("2001:db8::1", 40000), at("::1", 8081));
        assertEquals(16 + 36, h.length);
        assertEquals(0x21, h[12] & 0xff);
        assertEquals(0x21, h[13] & 0xff, "AF_INET6 | STREAM");
        assertEquals(36, ((h[14] & 0xff) << 8) | (h[15] & 0xff));
        assertEquals(0x20, h[16] & 0xff);
        assertEquals(0x01, h[16 + 15] & 0xff);
        assertEquals(1, h[32 + 15] & 0xff, "dst ::1");
        assertEquals(40000, ((h[48] & 0xff) << 8) | (h[49] & 0xff));
        assertEquals(8081, ((h[50] & 0xff) << 8) | (h[51] & 0xff));
    }
}
