package dev.l4lab.echo.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Incremental decoder for the receiving side of the PROXY protocol, v1 and v2, written against
 * HAProxy's doc/proxy-protocol.txt. Bytes may arrive in any split; call {@link #feed} for each
 * chunk until it returns something other than {@link ProxyDecodeResult.NeedMore}. The decoder never
 * holds more than {@link #V2_MAX_LENGTH} bytes, and it rejects as early as the bytes allow.
 * One instance per connection; not thread-safe (used on one event loop).
 */
public final class ProxyHeaderDecoder {

    /** The 12-byte v2 signature (section 2.2). */
    static final byte[] V2_SIGNATURE = {
        0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    /** v1: the longest line a receiver must accept, CRLF included (section 2.1). */
    public static final int V1_MAX_LENGTH = 107;
    /** v2: fixed part of the header. */
    static final int V2_FIXED_LENGTH = 16;
    /**
     * v2: our cap on the whole header. The spec allows 16 + 65535; we accept 16 KiB (HAProxy's default
     * buffer size) so a connection in the header phase can never pin more than that.
     */
    public static final int V2_MAX_LENGTH = 16 * 1024;

    private static final int AF_UNSPEC = 0x0;
    private static final int AF_INET = 0x1;
    private static final int AF_INET6 = 0x2;
    private static final int AF_UNIX = 0x3;

    private byte[] bytes = new byte[128];
    private int size;
    private boolean finished;

    /** Appends a chunk and tries to complete the header. After a non-NeedMore result, do not call again. */
    public ProxyDecodeResult feed(byte[] chunk) {
        if (finished) {
            throw new IllegalStateException("decoder already produced a result");
        }
        ProxyDecodeResult result = append(chunk);
        if (!(result instanceof ProxyDecodeResult.NeedMore)) {
            finished = true;
            bytes = null;
        }
        return result;
    }

    /** Bytes buffered so far (for truncation reports). */
    public int buffered() {
        return size;
    }

    private ProxyDecodeResult append(byte[] chunk) {
        int room = V2_MAX_LENGTH - size;
        int take = Math.min(room, chunk.length);
        ensureCapacity(size + take);
        System.arraycopy(chunk, 0, bytes, size, take);
        size += take;
        ProxyDecodeResult result = decode();
        if (result instanceof ProxyDecodeResult.Decoded decoded && take < chunk.length) {
            // The header ended inside what we buffered, so the untaken tail is application data too.
            byte[] rest = Arrays.copyOfRange(chunk, take, chunk.length);
            byte[] remainder = concat(decoded.remainder(), rest);
            return new ProxyDecodeResult.Decoded(decoded.header(), remainder);
        }
        if (result instanceof ProxyDecodeResult.NeedMore && size >= V2_MAX_LENGTH) {
            return reject("v2-too-long", "header exceeds " + V2_MAX_LENGTH + " bytes");
        }
        return result;
    }

    private ProxyDecodeResult decode() {
        if (size == 0) {
            return new ProxyDecodeResult.NeedMore();
        }
        if (bytes[0] == V1_PREFIX[0]) {
            return decodeV1();
        }
        if (bytes[0] == V2_SIGNATURE[0]) {
            return decodeV2();
        }
        return reject("bad-signature", "first byte 0x" + hex(bytes[0]) + " starts neither v1 nor v2");
    }

    // ---- v1: "PROXY TCP4 1.2.3.4 5.6.7.8 1111 2222\r\n" ----

    private ProxyDecodeResult decodeV1() {
        int prefix = Math.min(size, V1_PREFIX.length);
        for (int i = 0; i < prefix; i++) {
            if (bytes[i] != V1_PREFIX[i]) {
                return reject("bad-signature", "not a v1 \"PROXY \" prefix");
            }
        }
        int limit = Math.min(size, V1_MAX_LENGTH);
        for (int i = 0; i < limit; i++) {
            int b = bytes[i] & 0xFF;
            if (b == '\r') {
                if (i + 1 >= size) {
                    return new ProxyDecodeResult.NeedMore();
                }
                if (bytes[i + 1] != '\n') {
                    return reject("v1-malformed", "CR not followed by LF");
                }
                return parseV1Line(new String(bytes, 0, i, StandardCharsets.US_ASCII), i + 2);
            }
            if (b < 0x20 || b > 0x7E) {
                return reject("v1-malformed", "non-printable byte 0x" + hex(bytes[i]) + " in v1 line");
            }
        }
        if (size >= V1_MAX_LENGTH) {
            return reject("v1-too-long", "no CRLF within " + V1_MAX_LENGTH + " bytes");
        }
        return new ProxyDecodeResult.NeedMore();
    }

    private ProxyDecodeResult parseV1Line(String line, int length) {
        String[] parts = line.split(" ", -1);
        if (parts.length < 2 || !parts[0].equals("PROXY")) {
            return reject("v1-malformed", "expected PROXY <family>");
        }
        String family = parts[1];
        if (family.equals("UNKNOWN")) {
            // Section 2.1: the rest of the line up to CRLF is ignored; use the real endpoints.
            return decoded(new ProxyHeader(1, ProxyCommand.PROXY, "UNKNOWN", null, null, length), length);
        }
        boolean v4 = family.equals("TCP4");
        if (!v4 && !family.equals("TCP6")) {
            return reject("v1-malformed", "unknown v1 family '" + family + "'");
        }
        if (parts.length != 6) {
            return reject("v1-malformed", "expected 6 space-separated fields, got " + parts.length);
        }
        InetAddress src = v4 ? parseIpv4(parts[2]) : parseIpv6(parts[2]);
        InetAddress dst = v4 ? parseIpv4(parts[3]) : parseIpv6(parts[3]);
        int srcPort = parsePort(parts[4]);
        int dstPort = parsePort(parts[5]);
        if (src == null || dst == null) {
            return reject("v1-malformed", "invalid " + family + " address");
        }
        if (srcPort < 0 || dstPort < 0) {
            return reject("v1-malformed", "invalid port");
        }
        return decoded(new ProxyHeader(1, ProxyCommand.PROXY, family,
            new InetSocketAddress(src, srcPort), new InetSocketAddress(dst, dstPort), length), length);
    }

    /** Dotted quad, no leading zeros (as inet_pton). Returns null when invalid. */
    static InetAddress parseIpv4(String text) {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            return null;
        }
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            String o = octets[i];
            if (o.isEmpty() || o.length() > 3 || (o.length() > 1 && o.charAt(0) == '0') || !allDigits(o)) {
                return null;
            }
            int value = Integer.parseInt(o);
            if (value > 255) {
                return null;
            }
            address[i] = (byte) value;
        }
        return byAddress(address);
    }

    /** IPv6 literal. Returns null when invalid. Never resolves names. */
    static InetAddress parseIpv6(String text) {
        if (text.isEmpty() || text.length() > 45 || text.indexOf(':') < 0) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
                || c == ':' || c == '.';
            if (!ok) {
                return null;
            }
        }
        char first = text.charAt(0);
        if (first == '.') {
            return null;
        }
        try {
            // A string of hex digits, ':' and '.' that contains ':' is parsed as a literal: no DNS lookup.
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Decimal 0..65535 without leading zeros; -1 when invalid. */
    static int parsePort(String text) {
        if (text.isEmpty() || text.length() > 5 || !allDigits(text) || (text.length() > 1 && text.charAt(0) == '0')) {
            return -1;
        }
        int port = Integer.parseInt(text);
        return port <= 65535 ? port : -1;
    }

    // ---- v2: 12-byte signature, ver_cmd, fam, len, address block, TLVs ----

    private ProxyDecodeResult decodeV2() {
        int prefix = Math.min(size, V2_SIGNATURE.length);
        for (int i = 0; i < prefix; i++) {
            if (bytes[i] != V2_SIGNATURE[i]) {
                return reject("bad-signature", "not a v2 signature");
            }
        }
        if (size < V2_FIXED_LENGTH) {
            if (size > 12 && (bytes[12] & 0xF0) != 0x20) {
                return reject("v2-bad-version", "version nibble " + ((bytes[12] & 0xF0) >> 4) + " is not 2");
            }
            return new ProxyDecodeResult.NeedMore();
        }
        int verCmd = bytes[12] & 0xFF;
        if ((verCmd & 0xF0) != 0x20) {
            return reject("v2-bad-version", "version nibble " + (verCmd >> 4) + " is not 2");
        }
        int cmd = verCmd & 0x0F;
        if (cmd > 1) {
            return reject("v2-bad-command", "command 0x" + Integer.toHexString(cmd) + " is neither LOCAL nor PROXY");
        }
        int fam = bytes[13] & 0xFF;
        int addressFamily = fam >> 4;
        int transport = fam & 0x0F;
        int length = ((bytes[14] & 0xFF) << 8) | (bytes[15] & 0xFF);
        int total = V2_FIXED_LENGTH + length;
        if (total > V2_MAX_LENGTH) {
            return reject("v2-too-long", "declared length " + length + " exceeds our cap of "
                + (V2_MAX_LENGTH - V2_FIXED_LENGTH));
        }
        ProxyCommand command = cmd == 0 ? ProxyCommand.LOCAL : ProxyCommand.PROXY;
        if (command == ProxyCommand.PROXY && (addressFamily > AF_UNIX || transport > 2)) {
            return reject("v2-bad-family", "family byte 0x" + hex(bytes[13]) + " is not defined");
        }
        if (size < total) {
            return new ProxyDecodeResult.NeedMore();
        }
        if (command == ProxyCommand.LOCAL) {
            // Section 2.2: for LOCAL the receiver must ignore the address information.
            return decoded(new ProxyHeader(2, command, "UNSPEC", null, null, total), total);
        }
        int addressLength = switch (addressFamily) {
            case AF_INET -> 12;
            case AF_INET6 -> 36;
            case AF_UNIX -> 216;
            default -> 0;
        };
        if (length < addressLength) {
            return reject("v2-short-address", "length " + length + " is shorter than the "
                + addressLength + "-byte address block");
        }
        String tlvProblem = checkTlvs(V2_FIXED_LENGTH + addressLength, total);
        if (tlvProblem != null) {
            return reject("v2-bad-tlv", tlvProblem);
        }
        String family = familyName(addressFamily, transport);
        int a = V2_FIXED_LENGTH;
        InetSocketAddress source = null;
        InetSocketAddress destination = null;
        if (addressFamily == AF_INET || addressFamily == AF_INET6) {
            int n = addressFamily == AF_INET ? 4 : 16;
            InetAddress src = byAddress(Arrays.copyOfRange(bytes, a, a + n));
            InetAddress dst = byAddress(Arrays.copyOfRange(bytes, a + n, a + 2 * n));
            int srcPort = u16(a + 2 * n);
            int dstPort = u16(a + 2 * n + 2);
            source = new InetSocketAddress(src, srcPort);
            destination = new InetSocketAddress(dst, dstPort);
        }
        return decoded(new ProxyHeader(2, command, family, source, destination, total), total);
    }

    /** Walks the TLVs between from and to; returns a problem description or null. Values are skipped. */
    private String checkTlvs(int from, int to) {
        int p = from;
        while (p < to) {
            if (to - p < 3) {
                return "truncated TLV header at offset " + p;
            }
            int valueLength = u16(p + 1);
            if (p + 3 + valueLength > to) {
                return "TLV type 0x" + hex(bytes[p]) + " length " + valueLength + " overruns the header";
            }
            p += 3 + valueLength;
        }
        return null;
    }

    private static String familyName(int addressFamily, int transport) {
        return switch (addressFamily) {
            case AF_INET -> transport == 2 ? "UDP4" : transport == 1 ? "TCP4" : "UNSPEC";
            case AF_INET6 -> transport == 2 ? "UDP6" : transport == 1 ? "TCP6" : "UNSPEC";
            case AF_UNIX -> "UNIX";
            default -> "UNSPEC";
        };
    }

    // ---- helpers ----

    private ProxyDecodeResult decoded(ProxyHeader header, int headerLength) {
        return new ProxyDecodeResult.Decoded(header, Arrays.copyOfRange(bytes, headerLength, size));
    }

    private static ProxyDecodeResult reject(String reason, String detail) {
        return new ProxyDecodeResult.Rejected(reason, detail);
    }

    private int u16(int offset) {
        return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
    }

    private void ensureCapacity(int needed) {
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(V2_MAX_LENGTH, Math.max(needed, bytes.length * 2)));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static InetAddress byAddress(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw); // raw bytes: never a lookup
        } catch (UnknownHostException e) {
            throw new IllegalStateException("impossible address length " + raw.length, e);
        }
    }

    private static String hex(byte b) {
        return String.format("%02x", b & 0xFF);
    }
}
