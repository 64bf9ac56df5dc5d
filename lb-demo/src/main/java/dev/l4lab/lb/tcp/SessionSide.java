package dev.l4lab.lb.tcp;

import dev.l4lab.lb.net.HalfClose;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * The Netty handler of one side (client or backend) of a {@link TcpSession}: forwards every event to it. A backend
 * channel carries it from creation, so nothing reaches the pipeline's tail while it connects; until it is the
 * session's connected backend its events are not the session's (the connect's outcome is handled by its future).
 */
final class SessionSide extends ChannelInboundHandlerAdapter {

    /** Its name in the pipeline (a given name spares Netty generating and checking one per channel). */
    static final String NAME = "l4-session";

    private final TcpSession session;
    private final Side side;

    SessionSide(TcpSession session, Side side) {
        this.session = session;
        this.side = side;
    }

    private boolean current(ChannelHandlerContext ctx) {
        return side == Side.CLIENT || session.isBackend(ctx.channel());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (current(ctx)) {
            session.read(side, msg);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (current(ctx)) {
            session.readComplete(side);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (HalfClose.isFin(event) && current(ctx)) {
            session.fin(side);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (current(ctx)) {
            session.writabilityChanged(side, ctx.channel().isWritable());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (current(ctx)) {
            session.inactive(side);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (current(ctx)) {
            session.failed(side, cause);
        }
    }
}
