package dev.l4lab.echo.proxy;

import static dev.l4lab.echo.ProxyBytes.ascii;
import static dev.l4lab.echo.ProxyBytes.concat;
import static dev.l4lab.echo.ProxyBytes.u16;
import static dev.l4lab.echo.ProxyBytes.v2;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.echo.ProxyBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The PROXY header stage (guard + Netty's HAProxyMessageDecoder) in an EmbeddedChannel: proxy-protocol.txt's
 * examples, real HAProxy output, every split, truncation, the spec's limits, and hostile input.
 */
class ProxyHeaderStageTest {

    /** What HAProxy sent for "GET /" with send-proxy-v2 (TCP4 172.19.0.1:42578 -> 172.19.0.3:80). */
    static final byte[] HAPROXY_V2_CAPTURE = HexFormat.of().parseHex(
        "0d0a0d0a000d0a515549540a2111000cac130001ac130003a6520050"
            + "474554202f20485454502f312e310d0a");
    private static final String V6_MAX = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";
    private static final int CAP = 16 * 1024;

    /** One connection's pipeline: the stage in front of a sink that collects what it lets through. */
    static final class Conn {
        final EmbeddedChannel channel = new EmbeddedChannel();
        final ByteArrayOutputStream forwarded = new ByteArrayOutputStream();
        int outcomes;
        boolean accepted;
        InetSocketAddress source;
        ProxyReject reason;
        String detail;

        Conn() {
            this(CAP, 0);
        }

        Conn(int cap, long timeoutMs) {
            channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ByteBuf b = (ByteBuf) msg;
                    byte[] bytes = new byte[b.readableBytes()];
                    b.readBytes(bytes);
                    b.release();
                    forwarded.writeBytes(bytes);
                }
            });
            ProxyHeaderStage.install(channel, cap, timeoutMs, new ProxyHeaderListener() {
                @Override
                public void accepted(InetSocketAddress s) {
                    outcomes++;
                    accepted = true;
                    source = s;
                }

                @Override
                public void rejected(ProxyReject r, String d) {
                    outcomes++;
                    reason = r;
                    detail = d;
                }
            });
        }

        Conn feed(byte[] bytes) {
            if (channel.isOpen()) {
                channel.writeInbound(Unpooled.wrappedBuffer(bytes));
            }
            return this;
        }

        Conn fin() {
            channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
            return this;
        }

        boolean decided() {
            return outcomes > 0;
        }

        byte[] tail() {
            return forwarded.toByteArray();
        }
    }

    private static Conn accepted(byte[] input) {
        Conn c = new Conn().feed(input);
        assertTrue(c.accepted, () -> "rejected (" + c.reason + ": " + c.detail + ") " + printable(input));
        assertEquals(1, c.outcomes);
        assertTrue(c.channel.isOpen());
        return c;
    }

    private static void assertRejected(ProxyReject reason, byte[] input) {
        Conn c = new Conn().feed(input);
        assertEquals(reason, c.reason, () -> "for " + printable(input) + (c.accepted ? " (accepted)" : " (" + c.detail + ")"));
        assertEquals(1, c.outcomes);
        assertFalse(c.channel.isOpen(), "a rejected connection is closed");
        assertEquals(0, c.tail().length, "nothing of a rejected connection reaches the service");
    }

    @Test
    void v1Tcp4SpecExampleWithTrailingData() {
        Conn c = accepted(ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\nGET / HTTP/1.1\r\n"));
        assertEquals(new InetSocketAddress("192.168.0.1", 56324), c.source);
        assertEquals("GET / HTTP/1.1\r\n", new String(c.tail(), StandardCharsets.US_ASCII));
    }

    @Test
    void v1Tcp6LongestAddressLineFromTheSpec() {
        String line = "PROXY TCP6 " + V6_MAX + " " + V6_MAX + " 65535 65535\r\n";
        assertEquals(104, line.length());
        Conn c = accepted(ascii(line));
        assertEquals(65535, c.source.getPort());
        assertEquals(0, c.tail().length);
    }

    @Test
    void v1UnknownShortAndTheWorstCaseOf107Bytes() {
        Conn shortForm = accepted(ascii("PROXY UNKNOWN\r\nX"));
        assertNull(shortForm.source);
        assertArrayEquals(ascii("X"), shortForm.tail());
        String worst = "PROXY UNKNOWN " + V6_MAX + " " + V6_MAX + " 65535 65535\r\n";
        assertEquals(107, worst.length());
        assertNull(accepted(ascii(worst)).source);
    }

    @Test
    void aV1LineOf108BytesIsRejectedThoughNettysDecoderAloneAcceptsIt() {
        String line = "PROXY UNKNOWN " + V6_MAX + " " + V6_MAX + " 65535 655355\r\n";
        assertEquals(108, line.length());
        // Netty's decoder counts its 108-byte maximum without the CRLF, so it takes this line (and longer).
        EmbeddedChannel nettyOnly = new EmbeddedChannel(new HAProxyMessageDecoder());
        nettyOnly.writeInbound(Unpooled.wrappedBuffer(ascii(line)));
        HAProxyMessage decoded = assertInstanceOf(HAProxyMessage.class, nettyOnly.readInbound());
        decoded.release();
        // The spec: "the maximum line lengths the receiver must support including the CRLF are ... 107".
        assertRejected(ProxyReject.V1_TOO_LONG, ascii(line));
        String filler108 = "PROXY UNKNOWN " + "x".repeat(92) + "\r\n";
        assertEquals(108, filler108.length());
        assertRejected(ProxyReject.V1_TOO_LONG, ascii(filler108));
        assertNull(accepted(ascii("PROXY UNKNOWN " + "x".repeat(91) + "\r\n")).source, "107 bytes pass");
    }

    @Test
    void v2RealHaproxyCapture() {
        Conn c = accepted(HAPROXY_V2_CAPTURE);
        assertEquals(new InetSocketAddress("172.19.0.1", 42578), c.source);
        assertEquals("GET / HTTP/1.1\r\n", new String(c.tail(), StandardCharsets.US_ASCII));
    }

    @Test
    void v2Tcp6WithTlvs() {
        byte[] src = new byte[16];
        src[15] = 1; // ::1
        byte[] dst = new byte[16];
        dst[0] = (byte) 0xfd;
        dst[15] = 2;
        byte[] tlvs = concat(new byte[] {0x01, 0x00, 0x02, 'h', '2'}, new byte[] {0x04, 0x00, 0x03, 0, 0, 0});
        Conn c = accepted(concat(v2(0x21, 0x21, concat(src, dst, u16(5555), u16(9000), tlvs)), ascii("data")));
        assertEquals(5555, c.source.getPort());
        assertTrue(c.source.getAddress().isLoopbackAddress());
        assertArrayEquals(ascii("data"), c.tail());
    }

    @Test
    void v2LocalAndUnspecNameNoClient() {
        assertNull(accepted(v2(0x20, 0x00, new byte[0])).source);
        assertNull(accepted(v2(0x21, 0x00, new byte[] {0x04, 0x00, 0x00})).source);
    }

    @Test
    void v2Udp4NamesItsClientAndUnixDoesNot() {
        byte[] inet = concat(new byte[] {10, 0, 0, 1}, new byte[] {10, 0, 0, 2}, u16(53), u16(53));
        assertEquals(new InetSocketAddress("10.0.0.1", 53), accepted(v2(0x21, 0x12, inet)).source);
        assertNull(accepted(v2(0x21, 0x31, new byte[216])).source);
    }

    @Test
    void everySplitPointGivesTheSameResult() {
        byte[][] inputs = {
            concat(HAPROXY_V2_CAPTURE, ascii("tail")),
            ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\ntail")};
        for (byte[] input : inputs) {
            Conn whole = accepted(input);
            for (int split = 1; split < input.length; split++) {
                Conn c = new Conn().feed(Arrays.copyOfRange(input, 0, split)).feed(Arrays.copyOfRange(input, split, input.length));
                assertTrue(c.accepted, "split at " + split);
                assertEquals(whole.source, c.source, "split at " + split);
                assertArrayEquals(whole.tail(), c.tail(), "split at " + split);
            }
            Conn bytewise = new Conn();
            for (byte b : input) {
                bytewise.feed(new byte[] {b});
            }
            assertEquals(whole.source, bytewise.source);
            assertArrayEquals(whole.tail(), bytewise.tail());
        }
    }

    @Test
    void truncationAtEveryOffsetWaitsThenAFinIsCountedAsTruncated() {
        byte[][] headers = {
            Arrays.copyOf(HAPROXY_V2_CAPTURE, 28),
            ascii("PROXY TCP6 " + V6_MAX + " " + V6_MAX + " 65535 65535\r\n")};
        for (byte[] header : headers) {
            for (int len = 1; len < header.length; len++) {
                Conn c = new Conn().feed(Arrays.copyOf(header, len));
                assertFalse(c.decided(), "truncated at " + len + ": " + c.reason + " " + c.detail);
                c.fin();
                assertEquals(ProxyReject.TRUNCATED, c.reason, "FIN after " + len + " bytes");
                assertFalse(c.channel.isOpen());
            }
        }
    }

    @Test
    void aSlowHeaderIsCutOffAtItsDeadline() {
        Conn c = new Conn(CAP, 700).feed(ascii("PROXY TCP4 "));
        c.channel.advanceTimeBy(300, TimeUnit.MILLISECONDS);
        c.channel.runScheduledPendingTasks();
        assertFalse(c.decided());
        c.channel.advanceTimeBy(500, TimeUnit.MILLISECONDS);
        c.channel.runScheduledPendingTasks();
        assertEquals(ProxyReject.TIMEOUT, c.reason);
        assertFalse(c.channel.isOpen());
        Conn quick = new Conn(CAP, 700).feed(ascii("PROXY UNKNOWN\r\n"));
        quick.channel.advanceTimeBy(5, TimeUnit.SECONDS);
        quick.channel.runScheduledPendingTasks();
        assertEquals(1, quick.outcomes, "a complete header cancels the deadline");
        assertTrue(quick.channel.isOpen());
    }

    @Test
    void hostileV1IsRejectedWithAReason() {
        assertRejected(ProxyReject.V1_TOO_LONG, ascii("PROXY UNKNOWN " + "x".repeat(120)));
        assertRejected(ProxyReject.V1_TOO_LONG, ascii("PROXY TCP4 " + "1".repeat(96)));
        assertRejected(ProxyReject.V1_MALFORMED, ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\rX"));
        assertRejected(ProxyReject.V1_MALFORMED, ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n"));
        assertRejected(ProxyReject.V1_MALFORMED, ascii("PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\n"));
        assertRejected(ProxyReject.V1_MALFORMED, ascii("PROXY TCP4 256.2.3.4 5.6.7.8 1 2\r\n"));
        // Netty reads a leading zero as decimal (HAProxy's inet_pton refuses it); either way no octal surprise.
        assertEquals(new InetSocketAddress("10.2.3.4", 1), accepted(ascii("PROXY TCP4 010.2.3.4 5.6.7.8 1 2\r\n")).source);
        assertRejected(ProxyReject.V1_MALFORMED, ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 65536\r\n"));
        assertRejected(ProxyReject.V1_MALFORMED, ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n"));
        assertRejected(ProxyReject.V1_MALFORMED, ascii("PROXY TCP4 1.2.3.4  5.6.7.8 1 2\r\n"));
        assertRejected(ProxyReject.V1_MALFORMED, ascii("PROXY TCP4 ::1 ::2 1 2\r\n"));
        assertRejected(ProxyReject.V1_MALFORMED, ascii("PROXY TCP6 1.2.3.4 ::2 1 2\r\n"));
        assertRejected(ProxyReject.V1_MALFORMED, ascii("PROXY TCP6 example.com ::2 1 2\r\n"));
        assertRejected(ProxyReject.V1_MALFORMED, ascii("PROXY TCP6 1:::2 ::2 1 2\r\n"));
        assertRejected(ProxyReject.V1_MALFORMED, ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\u0000\r\n"));
        assertRejected(ProxyReject.BAD_SIGNATURE, ascii("PROXZ TCP4"));
        assertRejected(ProxyReject.BAD_SIGNATURE, ascii("GET / HTTP/1.1\r\n"));
        assertRejected(ProxyReject.BAD_SIGNATURE, ascii("G"));
    }

    @Test
    void hostileV2IsRejectedWithAReason() {
        byte[] inet = concat(new byte[] {1, 2, 3, 4}, new byte[] {5, 6, 7, 8}, u16(1), u16(2));
        assertRejected(ProxyReject.V2_MALFORMED, v2(0x11, 0x11, inet));
        assertRejected(ProxyReject.V2_MALFORMED, Arrays.copyOf(v2(0x31, 0x11, inet), 13));
        assertRejected(ProxyReject.V2_MALFORMED, v2(0x22, 0x11, inet));
        assertRejected(ProxyReject.V2_MALFORMED, v2(0x21, 0x41, inet));
        assertRejected(ProxyReject.V2_MALFORMED, v2(0x21, 0x13, inet));
        assertRejected(ProxyReject.V2_MALFORMED, v2(0x21, 0x11, new byte[] {1, 2, 3, 4}));
        assertRejected(ProxyReject.V2_MALFORMED, v2(0x21, 0x21, inet));
        assertRejected(ProxyReject.V2_MALFORMED, v2(0x21, 0x11, concat(inet, new byte[] {0x01, 0x00, 0x09, 'x'})));
        assertRejected(ProxyReject.BAD_SIGNATURE, concat(Arrays.copyOf(ProxyBytes.V2_SIGNATURE, 11), new byte[] {0x0B}));
    }

    @Test
    void aHugeDeclaredLengthIsRejectedAfterSixteenBytes() {
        assertRejected(ProxyReject.V2_TOO_LONG, concat(ProxyBytes.V2_SIGNATURE, new byte[] {0x21, 0x11, (byte) 0xFF, (byte) 0xFF}));
        // a smaller connection buffer gives a smaller cap
        Conn small = new Conn(1024, 0).feed(v2(0x21, 0x11, concat(new byte[12], new byte[1100])));
        assertEquals(ProxyReject.V2_TOO_LONG, small.reason);
        assertTrue(new Conn(1024, 0).feed(v2(0x21, 0x11, concat(new byte[12], new byte[900]))).accepted);
    }

    @Test
    void randomBytesNeverThrowAndAlwaysResolveWithinTheCap() {
        Random random = new Random(862);
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[1 + random.nextInt(300)];
            random.nextBytes(junk);
            if (random.nextBoolean()) {
                // bias towards the interesting prefixes
                byte[] prefix = random.nextBoolean() ? ProxyBytes.V2_SIGNATURE : ascii("PROXY ");
                System.arraycopy(prefix, 0, junk, 0, Math.min(prefix.length, junk.length));
            }
            Conn c = feedInPieces(junk, random);
            assertTrue(c.outcomes <= 1);
            if (!c.accepted) {
                assertEquals(0, c.tail().length, "nothing passes before a header is accepted");
            }
        }
        byte[] flood = new byte[CAP * 4];
        random.nextBytes(flood);
        System.arraycopy(ProxyBytes.V2_SIGNATURE, 0, flood, 0, 12);
        flood[12] = 0x21;
        flood[13] = 0x11;
        flood[14] = 0x3F;
        flood[15] = (byte) 0xF0; // 16368 bytes declared: the cap exactly
        Conn c = feedInPieces(flood, random);
        assertTrue(c.decided(), "a header that fills the cap resolves");
        assertEquals(1, c.outcomes);
    }

    @Test
    void mutatedValidHeadersNeverThrowAndPassOnAtMostWhatWasSent() {
        Random random = new Random(863);
        byte[][] seeds = {HAPROXY_V2_CAPTURE, ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\nxy")};
        for (int i = 0; i < 20_000; i++) {
            byte[] m = seeds[i % 2].clone();
            for (int k = 0; k < 1 + random.nextInt(3); k++) {
                m[random.nextInt(m.length)] = (byte) random.nextInt(256);
            }
            Conn c = feedInPieces(Arrays.copyOf(m, 1 + random.nextInt(m.length)), random);
            assertTrue(c.outcomes <= 1);
            if (c.accepted) {
                assertTrue(c.tail().length < m.length, "only what followed the header");
            } else {
                assertEquals(0, c.tail().length);
            }
        }
    }

    private static Conn feedInPieces(byte[] input, Random random) {
        Conn c = new Conn();
        int p = 0;
        while (p < input.length && !c.decided()) {
            int n = Math.min(input.length - p, 1 + random.nextInt(4096));
            c.feed(Arrays.copyOfRange(input, p, p + n));
            p += n;
        }
        return c;
    }

    private static String printable(byte[] input) {
        return new String(input, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n");
    }
}
