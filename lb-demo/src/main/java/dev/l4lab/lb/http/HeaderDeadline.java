package dev.l4lab.lb.http;

import dev.l4lab.lb.frontend.Drop;
import dev.l4lab.lb.frontend.FrontendStats;
import dev.l4lab.lb.net.HalfClose;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy's {@code timeout http-request} for one client connection: a request's header block must be complete
 * within request-header-timeout. The first request's clock starts at accept, a later one's at its first byte (the
 * wait between requests is the idle timeout's). At the deadline a client that sent part of a request gets 408 and
 * the connection closes; one that sent nothing is closed without an answer (HAProxy's http-ignore-probes), and both
 * are counted. The first handler of the pipeline, so it sees the raw bytes (and counts them both ways, for the
 * connection table).
 * <p>
 * After the 408, and whenever the proxy ends a connection, it closes the way nginx's lingering close does: FIN
 * first, what the client still sends is read and dropped for {@link #LINGER_MS}, then close. Closing at once with unread input sends RST, and an RST
 * can destroy the 408 in the client's receive buffer before it is read.
 */
final class HeaderDeadline extends ChannelDuplexHandler {

    private static final byte[] REQUEST_TIMEOUT = ("HTTP/1.1 408 Request Timeout\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 49\r\nConnection: close\r\n\r\n"
            + "408 the request header was not complete in time\r\n").getBytes(StandardCharsets.US_ASCII);

    static final long LINGER_MS = 1000;

    private final long timeoutMs;
    private final FrontendStats stats;
    private ChannelHandlerContext ctx;
    /** System.nanoTime() at which the header block must be in, or 0: not waiting for one. */
    private long expiresAtNanos;
    private boolean waiting = true;
    private boolean bytesSeen;
    private boolean done;
    private boolean lingering;
    private ScheduledFuture<?> lingerEnd;
    long bytesIn;
    long bytesOut;

    HeaderDeadline(long timeoutMs, FrontendStats stats) {
        this.timeoutMs = timeoutMs;
        this.stats = stats;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        arm();
    }

    private void arm() {
        long at = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        expiresAtNanos = at == 0 ? 1 : at;
    }

    private void disarm() {
        expiresAtNanos = 0;
    }

    /** From the loop's clock ({@link LoopClock}), which checks every connection's deadlines. */
    void check(long now) {
        if (expiresAtNanos != 0 && now - expiresAtNanos >= 0) {
            expired();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b) {
            bytesIn += b.readableBytes();
        }
        if (lingering) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (waiting && !bytesSeen && msg instanceof ByteBuf buf && buf.isReadable()) {
            bytesSeen = true;
            if (expiresAtNanos == 0) {
                arm();
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf b) {
            bytesOut += b.readableBytes();
        }
        ctx.write(msg, promise);
    }

    /** A request's header block is in (the decoder handed the request over). */
    void headersComplete() {
        waiting = false;
        bytesSeen = false;
        disarm();
    }

    /** The response to an HTTP/1 request is out: the next request's clock starts at its first byte. */
    void exchangeEnded() {
        if (!done) {
            waiting = true;
        }
    }

    /** The connection speaks HTTP/2: its streams are not this handler's business any more (bytes still count). */
    void stop() {
        done = true;
        waiting = false;
        disarm();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        disarm();
        if (lingerEnd != null) {
            lingerEnd.cancel(false); // the client's FIN came first: no task left behind per closed connection
        }
        ctx.fireChannelInactive();
    }

    private void expired() {
        expiresAtNanos = 0;
        if (!waiting || !ctx.channel().isActive()) {
            return;
        }
        stats.drop(Drop.HEADER_TIMEOUT);
        if (bytesSeen) {
            ctx.write(Unpooled.wrappedBuffer(REQUEST_TIMEOUT), ctx.voidPromise());
            lingeringClose();
        } else {
            ctx.close();
        }
    }

    /** FIN once what is written is out (in one segment with it), then drop input for LINGER_MS or until EOF. */
    void lingeringClose() {
        if (lingering) {
            return;
        }
        lingering = true;
        done = true;
        disarm();
        HalfClose.coalesceWithFin(ctx.channel());
        HalfClose.shutdownOutputAfterFlush(ctx.channel(), () -> {
            if (ctx.channel().isOpen()) {
                lingerEnd = ctx.executor().schedule(() -> ctx.close(), LINGER_MS, TimeUnit.MILLISECONDS);
            }
        });
    }
}
