package dev.l4lab.lb.http;

import dev.l4lab.lb.pool.Backend;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;

/**
 * One kept-alive connection to a backend (the last handler after Netty's client codec): serves one
 * {@link Exchange} at a time, and waits in its loop's {@link BackendPool} in between. A pooled connection that
 * gets bytes nobody asked for is closed: they could be taken for the next request's response.
 * Event-loop confined.
 */
final class BackendConnection extends ChannelInboundHandlerAdapter {

    private final BackendPool pool;
    private final Backend backend;
    private Channel ch;
    private Exchange ex;
    private boolean reusable = true;
    private boolean reused;
    private boolean answered;
    private boolean readsPaused;
    private boolean counted = true;
    long idleSinceNanos;

    BackendConnection(BackendPool pool, Backend backend) {
        this.pool = pool;
        this.backend = backend;
    }

    Backend backend() {
        return backend;
    }

    Channel channel() {
        return ch;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ch = ctx.channel();
    }

    void serve(Exchange e) {
        ex = e;
        answered = false;
    }

    /** No exchange's any more (it is being closed): its last events concern nobody. */
    void forget() {
        ex = null;
    }

    /** Back in the pool: the next exchange that takes it is on a reused connection. */
    void idle() {
        ex = null;
        reused = true;
        idleSinceNanos = System.nanoTime();
        pauseReads(false);
    }

    boolean reused() {
        return reused;
    }

    /** Any byte of a response came on this connection for the current exchange. */
    boolean answeredAnything() {
        return answered;
    }

    boolean reusable() {
        return reusable && ch.isActive();
    }

    void reusable(boolean r) {
        reusable = r;
    }

    void write(HttpObject msg) {
        ch.write(msg, ch.voidPromise());
    }

    void flush() {
        ch.flush();
    }

    boolean writable() {
        return ch.isWritable();
    }

    void pauseReads(boolean pause) {
        if (pause != readsPaused) {
            readsPaused = pause;
            ch.config().setAutoRead(!pause);
        }
    }

    boolean readsPaused() {
        return readsPaused;
    }

    /** Once per connection: it no longer counts against the frontend's descriptor budget. */
    boolean uncount() {
        boolean was = counted;
        counted = false;
        return was;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Exchange e = ex;
        if (e == null) {
            ReferenceCountUtil.release(msg);
            ch.close();
            return;
        }
        answered = true;
        if (msg instanceof HttpResponse r) {
            e.responseHead(r);
        }
        if (msg instanceof HttpContent c) {
            if (ex == e) {
                e.responseContent(c);
            } else {
                ReferenceCountUtil.release(c);
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (ex != null) {
            ex.flushToClient();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ex != null) {
            ex.backendWritable(ch.isWritable());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pool.closed(this);
        Exchange e = ex;
        ex = null;
        if (e != null) {
            e.backendFailed(new ProxyError(502, "backend " + backend.name()
                    + ": the backend closed the connection before answering"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Exchange e = ex;
        ex = null;
        if (e != null) {
            e.backendFailed(cause);
        }
        ctx.close();
    }
}
