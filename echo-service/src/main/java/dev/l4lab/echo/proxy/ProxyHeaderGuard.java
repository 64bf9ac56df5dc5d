package dev.l4lab.echo.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Looks at the first bytes before Netty's HAProxyMessageDecoder does, for what the decoder checks late or
 * not at all: the spec's 107-byte v1 maximum (Netty allows 108 bytes before CRLF), bytes that cannot be in a
 * v1 line, a wrong signature or v2 version (Netty waits for 13 or 16 bytes), and a v2 length larger than the
 * connection may buffer (Netty waits until that many bytes have arrived). It never buffers and removes
 * itself once the header's framing is known to be acceptable.
 */
final class ProxyHeaderGuard extends ChannelInboundHandlerAdapter {

    /** Section 2.1: a v1 line is at most 107 bytes, CRLF included. */
    static final int V1_MAX_LENGTH = 107;
    static final byte[] V1_PREFIX = {'P', 'R', 'O', 'X', 'Y', ' '};
    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final int V2_FIXED_LENGTH = 16;

    private final int maxV2Length;
    private final ProxyHeaderStage stage;
    private int version;
    private int position;
    private int previous = -1;
    private int v2Length;

    ProxyHeaderGuard(int maxV2Length, ProxyHeaderStage stage) {
        this.maxV2Length = maxV2Length;
        this.stage = stage;
    }

    int version() {
        return version;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        boolean framed = false;
        for (int i = buf.readerIndex(); i < buf.writerIndex() && !framed; i++) {
            Problem problem = inspect(buf.getByte(i) & 0xFF);
            if (problem != null) {
                buf.release();
                stage.reject(ctx, problem.reason(), problem.detail());
                return;
            }
            framed = framed();
        }
        ctx.fireChannelRead(buf);
        if (framed && ctx.pipeline().context(this) != null) {
            ctx.pipeline().remove(this);
        }
    }

    private record Problem(ProxyReject reason, String detail) {
    }

    /** Takes the next byte of the header; returns what is wrong with it, or null. */
    private Problem inspect(int b) {
        int at = position++;
        if (at == 0) {
            version = b == V1_PREFIX[0] ? 1 : b == V2_SIGNATURE[0] ? 2 : 0;
        }
        if (version == 0) {
            return new Problem(ProxyReject.BAD_SIGNATURE,
                "first byte 0x" + Integer.toHexString(b) + " starts neither v1 nor v2");
        }
        return version == 1 ? inspectV1(at, b) : inspectV2(at, b);
    }

    private Problem inspectV1(int at, int b) {
        int prev = previous;
        previous = b;
        if (at < V1_PREFIX.length) {
            return b == V1_PREFIX[at] ? null : new Problem(ProxyReject.BAD_SIGNATURE, "not a v1 \"PROXY \" prefix");
        }
        if (prev == '\r') {
            return b == '\n' ? null : new Problem(ProxyReject.V1_MALFORMED, "CR not followed by LF");
        }
        // The CR of a line of at most 107 bytes is at index 105 or earlier; any other byte at 106 is too late.
        boolean tooLate = b == '\r' ? at + 2 > V1_MAX_LENGTH : at + 1 >= V1_MAX_LENGTH;
        if (tooLate) {
            return new Problem(ProxyReject.V1_TOO_LONG, "no CRLF within " + V1_MAX_LENGTH + " bytes");
        }
        if (b != '\r' && (b < 0x20 || b > 0x7E)) {
            return new Problem(ProxyReject.V1_MALFORMED, "byte 0x" + Integer.toHexString(b) + " cannot be in a v1 line");
        }
        return null;
    }

    private Problem inspectV2(int at, int b) {
        if (at < V2_SIGNATURE.length) {
            return b == (V2_SIGNATURE[at] & 0xFF) ? null : new Problem(ProxyReject.BAD_SIGNATURE, "not the v2 signature");
        }
        if (at == 12 && (b & 0xF0) != 0x20) {
            return new Problem(ProxyReject.V2_MALFORMED, "version nibble " + (b >> 4) + " is not 2");
        }
        if (at == 14 || at == 15) {
            v2Length = (v2Length << 8) | b;
            if (at == 15 && V2_FIXED_LENGTH + v2Length > maxV2Length) {
                return new Problem(ProxyReject.V2_TOO_LONG, "declared length " + v2Length
                    + " exceeds this connection's cap of " + (maxV2Length - V2_FIXED_LENGTH));
            }
        }
        return null;
    }

    /** True once the header's framing is known to be fine (the rest is the decoder's business). */
    private boolean framed() {
        return version == 1 ? previous == '\n' : position >= V2_FIXED_LENGTH;
    }
}
