package dev.l4lab.lb.tcp;

import io.netty.util.NetUtil;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * PROXY protocol headers (HAProxy doc/proxy-protocol.txt) for a TCP connection:
 * source = the client, destination = the address the client connected to.
 */
public final class ProxyHeader {

    /** v2 signature: \r\n\r\n\0\r\nQUIT\n. */
    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final int V2_PROXY_COMMAND = 0x21; // version 2, command PROXY
    private static final int TCP_OVER_IPV4 = 0x11;
    private static final int TCP_OVER_IPV6 = 0x21;
    private static final int UNSPEC = 0x00;

    private ProxyHeader() {
    }

    /** "PROXY TCP4 src dst sport dport\r\n"; "PROXY UNKNOWN\r\n" when the families differ. */
    public static byte[] v1(InetSocketAddress src, InetSocketAddress dst) {
        InetAddress s = src.getAddress();
        InetAddress d = dst.getAddress();
        String line;
        if (s instanceof Inet4Address && d instanceof Inet4Address) {
            line = "PROXY TCP4 " + s.getHostAddress() + " " + d.getHostAddress() + " " + src.getPort() + " " + dst.getPort();
        } else if (s instanceof Inet6Address && d instanceof Inet6Address) {
            line = "PROXY TCP6 " + ipv6Text(s) + " " + ipv6Text(d) + " " + src.getPort() + " " + dst.getPort();
        } else {
            line = "PROXY UNKNOWN";
        }
        return (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Binary v2 header, command PROXY, TCP over IPv4 or IPv6 (UNSPEC when the families differ). */
    public static byte[] v2(InetSocketAddress src, InetSocketAddress dst) {
        byte[] s = src.getAddress().getAddress();
        byte[] d = dst.getAddress().getAddress();
        ByteArrayOutputStream out = new ByteArrayOutputStream(52);
        out.writeBytes(V2_SIGNATURE);
        out.write(V2_PROXY_COMMAND);
        if (s.length != d.length) {
            out.write(UNSPEC);
            out.write(0);
            out.write(0);
            return out.toByteArray();
        }
        out.write(s.length == 4 ? TCP_OVER_IPV4 : TCP_OVER_IPV6);
        int len = 2 * s.length + 4;
        out.write(len >> 8);
        out.write(len & 0xff);
        out.writeBytes(s);
        out.writeBytes(d);
        out.write(src.getPort() >> 8);
        out.write(src.getPort() & 0xff);
        out.write(dst.getPort() >> 8);
        out.write(dst.getPort() & 0xff);
        return out.toByteArray();
    }

    /** RFC 5952 text (lower case, the longest run of 2+ zero groups as "::"), as the PROXY v1 line wants it. */
    static String ipv6Text(InetAddress a) {
        return NetUtil.toAddressString(a);
    }
}
