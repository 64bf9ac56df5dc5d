package dev.l4lab.lb.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Tells HTTP/2 with prior knowledge (h2c: the client starts with the connection preface, RFC 9113 3.4) from
 * HTTP/1.1 by the first bytes, then leaves the pipeline; what it read goes on to the protocol's handlers. An
 * HTTP/1.1 request differs from the preface within its first bytes, so it is never held longer than that.
 */
final class H2cPreface extends ByteToMessageDecoder {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Consumer<ChannelHandlerContext> toHttp2;

    /** @param toHttp2 replaces the HTTP/1.1 handlers behind this one by HTTP/2's */
    H2cPreface(Consumer<ChannelHandlerContext> toHttp2) {
        this.toHttp2 = toHttp2;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int n = Math.min(in.readableBytes(), PREFACE.length);
        for (int i = 0; i < n; i++) {
            if (in.getByte(in.readerIndex() + i) != PREFACE[i]) {
                ctx.pipeline().remove(this);
                return;
            }
        }
        if (n == PREFACE.length) {
            toHttp2.accept(ctx);
            ctx.pipeline().remove(this);
        }
    }
}
