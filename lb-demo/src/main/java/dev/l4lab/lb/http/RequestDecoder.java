package dev.l4lab.lb.http;

import dev.l4lab.lb.net.HalfClose;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * Netty's request decoder ({@link HttpLimits#decoder}), plus three things for a proxy:
 * <ul>
 * <li>obs-fold (a header line that starts with SP or HTAB, RFC 9112 5.2) marks the request invalid: Netty joins such
 * a line to the previous value, and a backend may not, which is a request-smuggling gap. The check looks only at
 * the bytes the decoder consumed for a head (it consumes whole lines), for a line feed followed by SP or HTAB.</li>
 * <li>One request at a time: after a request's last content it stops decoding until {@link #resume()}, so a
 * pipelined next request waits, unparsed, in the decoder's buffer; past {@link HttpLimits#PIPELINED} bytes
 * reading pauses.</li>
 * <li>A Transfer-Encoding other than exactly {@code chunked} marks it invalid too (RFC 9112 6.1: a request whose
 * final coding is not chunked cannot be framed, and a coding list is read differently by different servers), and
 * so do two Host fields, an invalid one, or none in HTTP/1.1 (RFC 9112 3.2).</li>
 * </ul>
 */
final class RequestDecoder extends HttpRequestDecoder {

    /** The reason a folded request is refused with 400. */
    static final IllegalArgumentException OBS_FOLD = new IllegalArgumentException(
            "obs-fold: a header line starts with a space or a tab (RFC 9112 5.2)", null) {
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    };

    private ChannelHandlerContext ctx;
    private boolean awaitingHead = true;
    private boolean midHead;
    private boolean folded;
    private boolean paused;
    private boolean readsPaused;
    private boolean inputShut;
    private boolean leftoverPending;
    private final Runnable decodeLeftover = this::decodeLeftover;

    RequestDecoder() {
        super(HttpLimits.decoder());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        super.handlerAdded(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (paused) {
            if (!readsPaused && buffer.readableBytes() > HttpLimits.PIPELINED) {
                readsPaused = true;
                ctx.channel().config().setAutoRead(false);
            }
            return;
        }
        int from = buffer.readerIndex();
        int before = out.size();
        super.decode(ctx, buffer, out);
        if (awaitingHead) {
            scanForObsFold(buffer, from, buffer.readerIndex());
        }
        for (int i = before; i < out.size(); i++) {
            Object o = out.get(i);
            if (o instanceof HttpRequest r) {
                if (r.decoderResult().isSuccess()) {
                    if (folded) {
                        r.setDecoderResult(DecoderResult.failure(OBS_FOLD));
                    } else if (!RequestChecks.transferEncodingIsChunkedOnly(r)) {
                        r.setDecoderResult(DecoderResult.failure(RequestChecks.TRANSFER_CODING));
                    } else if (!RequestChecks.hostIsSingleAndValid(r)) {
                        r.setDecoderResult(DecoderResult.failure(RequestChecks.HOST));
                    }
                }
                awaitingHead = false;
                midHead = false;
                folded = false;
            }
            if (o instanceof LastHttpContent) {
                paused = true;
                awaitingHead = true;
            }
        }
    }

    /** A line feed followed by SP or HTAB inside a head (the decoder consumes whole lines, ending in LF). */
    private void scanForObsFold(ByteBuf b, int from, int to) {
        if (from >= to) {
            return;
        }
        if (midHead && whitespace(b.getByte(from))) {
            folded = true;
        }
        for (int lf = b.indexOf(from, to, (byte) '\n'); lf >= 0 && lf + 1 < to; lf = b.indexOf(lf + 1, to, (byte) '\n')) {
            if (whitespace(b.getByte(lf + 1))) {
                folded = true;
            }
        }
        midHead = true;
    }

    private static boolean whitespace(byte c) {
        return c == ' ' || c == '\t';
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (paused) {
            // ByteToMessageDecoder would ask for another read when nothing was decoded with auto-read off: not
            // while a request is being answered, or a pipelining client could fill memory.
            ctx.fireChannelReadComplete();
            return;
        }
        super.channelReadComplete(ctx);
    }

    /**
     * The client's FIN (half-close, ALLOW_HALF_CLOSURE): what it sent before still counts, so the event goes on to
     * the connection, which answers what is complete and then closes. Netty's own handling would release the
     * buffered pipelined requests unread.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (HalfClose.isFin(evt)) {
            inputShut = true;
            if (!paused && !leftoverPending) {
                ctx.fireUserEventTriggered(evt); // else resume() passes it on once the buffered requests are taken
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    /** The client sent its FIN: no more bytes will come. */
    boolean inputShut() {
        return inputShut;
    }

    /** No byte of a next request has arrived. */
    boolean nothingBuffered() {
        return !internalBuffer().isReadable();
    }

    /** The answer to the last request is out: decode the next one (already buffered, or when it comes). */
    void resume() {
        paused = false;
        if (readsPaused) {
            readsPaused = false;
            ctx.channel().config().setAutoRead(true);
        }
        if (internalBuffer().isReadable() || inputShut) {
            // not inline: this may run inside this decoder's own decode loop (an answer given at once)
            leftoverPending = true;
            ctx.executor().execute(decodeLeftover);
        }
    }

    private void decodeLeftover() {
        leftoverPending = false;
        if (paused || ctx.isRemoved()) {
            return;
        }
        try {
            if (internalBuffer().isReadable()) {
                channelRead(ctx, Unpooled.EMPTY_BUFFER);
                channelReadComplete(ctx);
            }
            if (inputShut && !paused) {
                // what is left after the FIN is no complete request: the connection decides (it closes)
                ctx.fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
            }
        } catch (Exception e) {
            ctx.fireExceptionCaught(e);
        }
    }
}
