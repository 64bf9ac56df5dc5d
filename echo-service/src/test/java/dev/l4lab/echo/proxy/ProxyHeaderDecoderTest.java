package dev.l4lab.echo.proxy;

import static dev.l4lab.echo.ProxyBytes.ascii;
import static dev.l4lab.echo.ProxyBytes.concat;
import static dev.l4lab.echo.ProxyBytes.u16;
import static dev.l4lab.echo.ProxyBytes.v2;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The decoder against proxy-protocol.txt's examples, real HAProxy output, every split, and hostile input. */
class ProxyHeaderDecoderTest {

    /** What HAProxy sent for "GET /" with send-proxy-v2 (TCP4 172.19.0.1:42578 -> 172.19.0.3:80). */
    static final byte[] HAPROXY_V2_CAPTURE = HexFormat.of().parseHex(
        "0d0a0d0a000d0a515549540a2111000cac130001ac130003a6520050"
            + "474554202f20485454502f312e310d0a");

    private static final String V6_MAX = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";

    @Test
    void v1Tcp4SpecExampleWithTrailingData() {
        ProxyDecodeResult.Decoded d = decodeAll(ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\nGET / HTTP/1.1\r\n"));
        assertEquals(1, d.header().version());
        assertEquals("TCP4", d.header().family());
        assertEquals(new InetSocketAddress("192.168.0.1", 56324), d.header().source());
        assertEquals(new InetSocketAddress("192.168.0.11", 443), d.header().destination());
        assertEquals("GET / HTTP/1.1\r\n", new String(d.remainder(), StandardCharsets.US_ASCII));
    }

    @Test
    void v1Tcp6LongestLineFromTheSpec() {
        String line = "PROXY TCP6 " + V6_MAX + " " + V6_MAX + " 65535 65535\r\n";
        assertEquals(104, line.length());
        ProxyDecodeResult.Decoded d = decodeAll(ascii(line));
        assertEquals("TCP6", d.header().family());
        assertEquals(65535, d.header().source().getPort());
        assertEquals(0, d.remainder().length);
    }

    @Test
    void v1UnknownShortAndWorstCase107Bytes() {
        ProxyDecodeResult.Decoded shortForm = decodeAll(ascii("PROXY UNKNOWN\r\nX"));
        assertNull(shortForm.header().source());
        assertArrayEquals(ascii("X"), shortForm.remainder());
        String worst = "PROXY UNKNOWN " + V6_MAX + " " + V6_MAX + " 65535 65535\r\n";
        assertEquals(107, worst.length());
        ProxyDecodeResult.Decoded d = decodeAll(ascii(worst));
        assertEquals("UNKNOWN", d.header().family());
        assertNull(d.header().source());
    }

    @Test
    void v2RealHaproxyCapture() {
        ProxyDecodeResult.Decoded d = decodeAll(HAPROXY_V2_CAPTURE);
        assertEquals(2, d.header().version());
        assertEquals(ProxyCommand.PROXY, d.header().command());
        assertEquals("TCP4", d.header().family());
        assertEquals(new InetSocketAddress("172.19.0.1", 42578), d.header().source());
        assertEquals(new InetSocketAddress("172.19.0.3", 80), d.header().destination());
        assertEquals(28, d.header().length());
        assertEquals("GET / HTTP/1.1\r\n", new String(d.remainder(), StandardCharsets.US_ASCII));
    }

    @Test
    void v2Tcp6WithTlvsSkipped() {
        byte[] src = new byte[16];
        src[15] = 1; // ::1
        byte[] dst = new byte[16];
        dst[0] = (byte) 0xfd;
        dst[15] = 2;
        byte[] tlvs = concat(new byte[] {0x01, 0x00, 0x02, 'h', '2'}, new byte[] {0x04, 0x00, 0x03, 0, 0, 0});
        byte[] header = v2(0x21, 0x21, concat(src, dst, u16(5555), u16(9000), tlvs));
        ProxyDecodeResult.Decoded d = decodeAll(concat(header, ascii("data")));
        assertEquals("TCP6", d.header().family());
        assertEquals(5555, d.header().source().getPort());
        assertEquals("::1", d.header().source().getAddress().getHostAddress().replace("0:0:0:0:0:0:0:1", "::1"));
        assertEquals(9000, d.header().destination().getPort());
        assertArrayEquals(ascii("data"), d.remainder());
    }

    @Test
    void v2LocalIgnoresAddressesAndUnspecIsAccepted() {
        ProxyDecodeResult.Decoded local = decodeAll(v2(0x20, 0x00, new byte[0]));
        assertEquals(ProxyCommand.LOCAL, local.header().command());
        assertNull(local.header().source());
        ProxyDecodeResult.Decoded unspec = decodeAll(v2(0x21, 0x00, new byte[] {0x04, 0x00, 0x00}));
        assertEquals("UNSPEC", unspec.header().family());
        assertNull(unspec.header().source());
    }

    @Test
    void v2Udp4AndUnixFamilies() {
        byte[] inet = concat(new byte[] {10, 0, 0, 1}, new byte[] {10, 0, 0, 2}, u16(53), u16(53));
        assertEquals("UDP4", decodeAll(v2(0x21, 0x12, inet)).header().family());
        ProxyDecodeResult.Decoded unix = decodeAll(v2(0x21, 0x31, new byte[216]));
        assertEquals("UNIX", unix.header().family());
        assertNull(unix.header().source());
    }

    @Test
    void everySplitPointGivesTheSameResult() {
        byte[][] inputs = {
            concat(HAPROXY_V2_CAPTURE, ascii("tail")),
            ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\ntail")};
        for (byte[] input : inputs) {
            ProxyDecodeResult.Decoded whole = decodeAll(input);
            for (int split = 1; split < input.length; split++) {
                ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
                ProxyDecodeResult first = decoder.feed(Arrays.copyOfRange(input, 0, split));
                ProxyDecodeResult.Decoded d;
                if (first instanceof ProxyDecodeResult.Decoded early) {
                    d = early;
                    d = new ProxyDecodeResult.Decoded(d.header(), concat(d.remainder(),
                        Arrays.copyOfRange(input, split, input.length)));
                } else {
                    assertInstanceOf(ProxyDecodeResult.NeedMore.class, first, "split at " + split);
                    d = assertInstanceOf(ProxyDecodeResult.Decoded.class,
                        decoder.feed(Arrays.copyOfRange(input, split, input.length)), "split at " + split);
                }
                assertEquals(whole.header(), d.header(), "split at " + split);
                assertArrayEquals(whole.remainder(), d.remainder(), "split at " + split);
            }
            // and one byte at a time
            ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
            ProxyDecodeResult r = null;
            int i = 0;
            while (i < input.length) {
                r = decoder.feed(new byte[] {input[i++]});
                if (!(r instanceof ProxyDecodeResult.NeedMore)) {
                    break;
                }
            }
            assertEquals(whole.header(), assertInstanceOf(ProxyDecodeResult.Decoded.class, r).header());
        }
    }

    @Test
    void truncationAtEveryOffsetAsksForMoreAndNeverInventsAHeader() {
        byte[][] headers = {
            Arrays.copyOf(HAPROXY_V2_CAPTURE, 28),
            ascii("PROXY TCP6 " + V6_MAX + " " + V6_MAX + " 65535 65535\r\n")};
        for (byte[] header : headers) {
            for (int len = 0; len < header.length; len++) {
                ProxyDecodeResult r = new ProxyHeaderDecoder().feed(Arrays.copyOf(header, len));
                assertInstanceOf(ProxyDecodeResult.NeedMore.class, r, "truncated at " + len);
            }
        }
    }

    @Test
    void hostileV1IsRejectedWithAReason() {
        assertRejected("v1-too-long", ascii("PROXY UNKNOWN " + "x".repeat(120)));
        assertRejected("v1-too-long", ascii("PROXY TCP4 " + "1".repeat(96)));
        assertRejected("v1-malformed", ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\rX"));
        assertRejected("v1-malformed", ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n"));
        assertRejected("v1-malformed", ascii("PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\n"));
        assertRejected("v1-malformed", ascii("PROXY TCP4 256.2.3.4 5.6.7.8 1 2\r\n"));
        assertRejected("v1-malformed", ascii("PROXY TCP4 01.2.3.4 5.6.7.8 1 2\r\n"));
        assertRejected("v1-malformed", ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 65536\r\n"));
        assertRejected("v1-malformed", ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n"));
        assertRejected("v1-malformed", ascii("PROXY TCP4 1.2.3.4  5.6.7.8 1 2\r\n"));
        assertRejected("v1-malformed", ascii("PROXY TCP4 ::1 ::2 1 2\r\n"));
        assertRejected("v1-malformed", ascii("PROXY TCP6 1.2.3.4 ::2 1 2\r\n"));
        assertRejected("v1-malformed", ascii("PROXY TCP6 example.com ::2 1 2\r\n"));
        assertRejected("v1-malformed", ascii("PROXY TCP6 1:::2 ::2 1 2\r\n"));
        assertRejected("bad-signature", ascii("PROXZ TCP4"));
        assertRejected("bad-signature", ascii("GET / HTTP/1.1\r\n"));
    }

    @Test
    void hostileV2IsRejectedWithAReason() {
        byte[] inet = concat(new byte[] {1, 2, 3, 4}, new byte[] {5, 6, 7, 8}, u16(1), u16(2));
        assertRejected("v2-bad-version", v2(0x11, 0x11, inet));
        assertRejected("v2-bad-version", Arrays.copyOf(v2(0x31, 0x11, inet), 13));
        assertRejected("v2-bad-command", v2(0x22, 0x11, inet));
        assertRejected("v2-bad-family", v2(0x21, 0x41, inet));
        assertRejected("v2-bad-family", v2(0x21, 0x13, inet));
        assertRejected("v2-short-address", v2(0x21, 0x11, new byte[] {1, 2, 3, 4}));
        assertRejected("v2-short-address", v2(0x21, 0x21, inet));
        assertRejected("v2-bad-tlv", v2(0x21, 0x11, concat(inet, new byte[] {0x01, 0x00, 0x09, 'x'})));
        assertRejected("v2-bad-tlv", v2(0x21, 0x11, concat(inet, new byte[] {0x01, 0x00})));
        assertRejected("bad-signature", concat(Arrays.copyOf(ProxyHeaderDecoder.V2_SIGNATURE, 11), new byte[] {0x0B}));
    }

    @Test
    void hugeDeclaredLengthIsRejectedAfterSixteenBytesWithoutBuffering() {
        byte[] fixed = concat(ProxyHeaderDecoder.V2_SIGNATURE, new byte[] {0x21, 0x11, (byte) 0xFF, (byte) 0xFF});
        assertRejected("v2-too-long", fixed);
    }

    @Test
    void randomBytesNeverThrowAndNeverBufferBeyondTheCap() {
        Random random = new Random(862);
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[random.nextInt(300)];
            random.nextBytes(junk);
            if (random.nextBoolean() && junk.length > 0) {
                // bias towards the interesting prefixes
                byte[] prefix = random.nextBoolean() ? ProxyHeaderDecoder.V2_SIGNATURE : ascii("PROXY ");
                System.arraycopy(prefix, 0, junk, 0, Math.min(prefix.length, junk.length));
            }
            feedInPieces(junk, random);
        }
        byte[] flood = new byte[ProxyHeaderDecoder.V2_MAX_LENGTH * 4];
        random.nextBytes(flood);
        System.arraycopy(ProxyHeaderDecoder.V2_SIGNATURE, 0, flood, 0, 12);
        flood[12] = 0x21;
        flood[13] = 0x11;
        flood[14] = 0x3F;
        flood[15] = (byte) 0xF0; // 16368 bytes declared: just within the cap
        ProxyDecodeResult r = feedInPieces(flood, random);
        assertTrue(!(r instanceof ProxyDecodeResult.NeedMore), "a full buffer must resolve, got " + r);
    }

    @Test
    void mutatedValidHeadersNeverThrow() {
        Random random = new Random(863);
        byte[][] seeds = {HAPROXY_V2_CAPTURE, ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\nxy")};
        for (int i = 0; i < 20_000; i++) {
            byte[] m = seeds[i % 2].clone();
            for (int k = 0; k < 1 + random.nextInt(3); k++) {
                m[random.nextInt(m.length)] = (byte) random.nextInt(256);
            }
            feedInPieces(Arrays.copyOf(m, 1 + random.nextInt(m.length)), random);
        }
    }

    // ---- helpers ----

    private static ProxyDecodeResult feedInPieces(byte[] input, Random random) {
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
        ProxyDecodeResult r = new ProxyDecodeResult.NeedMore();
        int p = 0;
        while (p < input.length) {
            int n = Math.min(input.length - p, 1 + random.nextInt(64 * 1024));
            r = decoder.feed(Arrays.copyOfRange(input, p, p + n));
            p += n;
            assertTrue(decoder.buffered() <= ProxyHeaderDecoder.V2_MAX_LENGTH || !(r instanceof ProxyDecodeResult.NeedMore));
            if (!(r instanceof ProxyDecodeResult.NeedMore)) {
                break;
            }
        }
        return r;
    }

    private static ProxyDecodeResult.Decoded decodeAll(byte[] input) {
        return assertInstanceOf(ProxyDecodeResult.Decoded.class, new ProxyHeaderDecoder().feed(input));
    }

    private static void assertRejected(String reason, byte[] input) {
        ProxyDecodeResult r = new ProxyHeaderDecoder().feed(input);
        ProxyDecodeResult.Rejected rejected = assertInstanceOf(ProxyDecodeResult.Rejected.class, r,
            () -> "expected " + reason + " for " + new String(input, StandardCharsets.ISO_8859_1));
        assertEquals(reason, rejected.reason(), rejected.detail());
    }
}
