package dev.l4lab.lb.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The handler of a listening socket: registers each accepted socket on the listener's own event loop (inline)
 * and hands it over (its session sets its options before the first read), without a ChannelInitializer added
 * and removed per connection. When accept(2) fails (EMFILE: out of file descriptors) accepting pauses for a second
 * instead of spinning on the error.
 */
public final class Acceptor extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(Acceptor.class);
    private static final long PAUSE_AFTER_ERROR_MS = 1000;

    private final String frontend;
    private final Consumer<Channel> accepted;
    private long pausedUntilNanos;

    public Acceptor(String frontend, Consumer<Channel> accepted) {
        this.frontend = frontend;
        this.accepted = accepted;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel client = (Channel) msg;
        try {
            if (ctx.channel().eventLoop().register(client).cause() != null) {
                client.close();
                return;
            }
            accepted.accept(client);
        } catch (RuntimeException e) {
            // a bug of ours, not an accept error: drop this connection, keep accepting
            LOG.errorf(e, "%s: could not set up the connection from %s", frontend, client.remoteAddress());
            client.close();
        }
    }

    /** In the pause after an accept error (then nothing else may start accepting again). */
    public boolean pausedAfterError() {
        return pausedUntilNanos != 0 && System.nanoTime() - pausedUntilNanos < 0;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ChannelConfig listener = ctx.channel().config();
        if (!pausedAfterError()) {
            LOG.warnf("%s: accept failed (%s); not accepting for %d ms", frontend, cause.getMessage(), PAUSE_AFTER_ERROR_MS);
            pausedUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PAUSE_AFTER_ERROR_MS);
            listener.setAutoRead(false);
            ctx.executor().schedule(() -> listener.setAutoRead(true), PAUSE_AFTER_ERROR_MS, TimeUnit.MILLISECONDS);
        }
    }
}
