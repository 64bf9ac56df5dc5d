package dev.l4lab.echo.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The receiving side of the PROXY protocol for one connection, on Netty's HAProxyMessageDecoder: a
 * {@link ProxyHeaderGuard} in front of the decoder and an outcome handler behind it go to the head of the
 * channel's pipeline before its first read. The header phase ends exactly once: accepted (the handlers
 * leave the pipeline and the bytes after the header flow on as ordinary reads) or rejected (counted by the
 * listener, channel closed), including a FIN, a reset or the deadline during the header.
 */
public final class ProxyHeaderStage {

    /** Netty's decoder cannot be told less than the v2 address block: 16 + 216 bytes. */
    private static final int V2_ADDRESS_BLOCK = 16 + 216;

    private final ProxyHeaderListener listener;
    private final ProxyHeaderGuard guard;
    private final HAProxyMessageDecoder decoder;
    private final Outcome outcome = new Outcome();
    private ScheduledFuture<?> deadline;
    private boolean done;

    private ProxyHeaderStage(int maxHeaderBytes, ProxyHeaderListener listener) {
        this.listener = listener;
        int cap = Math.max(V2_ADDRESS_BLOCK + 1, maxHeaderBytes);
        this.guard = new ProxyHeaderGuard(cap, this);
        this.decoder = new HAProxyMessageDecoder(cap - V2_ADDRESS_BLOCK);
    }

    /**
     * Installs the header phase at the head of the pipeline. Call on the channel's event loop before its
     * first read (a Vert.x connect or connection handler runs there, before any read).
     *
     * @param maxHeaderBytes the largest v2 header accepted (v1 lines are capped at 107 bytes by the spec)
     * @param timeoutMs      the deadline for a complete header; 0 for none
     */
    public static void install(Channel channel, int maxHeaderBytes, long timeoutMs, ProxyHeaderListener listener) {
        ProxyHeaderStage stage = new ProxyHeaderStage(maxHeaderBytes, listener);
        ChannelPipeline p = channel.pipeline();
        p.addFirst("proxy-header-outcome", stage.outcome);
        p.addFirst("proxy-header-decoder", stage.decoder);
        p.addFirst("proxy-header-guard", stage.guard);
        if (timeoutMs > 0) {
            stage.deadline = channel.eventLoop().schedule(() -> stage.reject(p.context(stage.outcome), ProxyReject.TIMEOUT,
                "no complete PROXY header within " + timeoutMs + " ms"), timeoutMs, TimeUnit.MILLISECONDS);
        }
    }

    void reject(ChannelHandlerContext ctx, ProxyReject reason, String detail) {
        if (done) {
            return;
        }
        finish(ctx);
        listener.rejected(reason, detail);
        if (ctx != null) {
            ctx.channel().close();
        }
    }

    private void accept(ChannelHandlerContext ctx, InetSocketAddress source) {
        if (done) {
            return;
        }
        finish(ctx);
        listener.accepted(source);
    }

    private void finish(ChannelHandlerContext ctx) {
        done = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (ctx == null) {
            return;
        }
        ChannelPipeline p = ctx.pipeline();
        if (p.context(guard) != null) {
            p.remove(guard);
        }
        if (p.context(outcome) != null) {
            p.remove(outcome);
        }
        // The decoder removes itself once it has produced a message and passes the bytes after the header on.
    }

    private ProxyReject malformed() {
        return guard.version() == 1 ? ProxyReject.V1_MALFORMED : ProxyReject.V2_MALFORMED;
    }

    /** The client named by the header, or null when it names none; address literals only, never resolved. */
    static InetSocketAddress source(HAProxyMessage m) {
        if (m.command() != HAProxyCommand.PROXY || m.sourceAddress() == null) {
            return null;
        }
        HAProxyProxiedProtocol.AddressFamily family = m.proxiedProtocol().addressFamily();
        if (family != HAProxyProxiedProtocol.AddressFamily.AF_IPv4 && family != HAProxyProxiedProtocol.AddressFamily.AF_IPv6) {
            return null;
        }
        InetAddress address = NetUtil.createInetAddressFromIpAddressString(m.sourceAddress());
        return address == null ? null : new InetSocketAddress(address, m.sourcePort());
    }

    /** Behind the decoder: takes its message or its exception, and ends the header phase. */
    private final class Outcome extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HAProxyMessage header) {
                InetSocketAddress source;
                try {
                    source = source(header);
                } finally {
                    header.release();
                }
                accept(ctx, source);
            } else {
                ctx.fireChannelRead(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof DecoderException) {
                reject(ctx, malformed(), "Netty's decoder: " + rootMessage(cause));
            } else if (cause instanceof IOException) {
                reject(ctx, ProxyReject.RESET, cause.toString());
            } else {
                ctx.fireExceptionCaught(cause);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent) {
                reject(ctx, ProxyReject.TRUNCATED, "client closed during the PROXY header");
            } else {
                ctx.fireUserEventTriggered(event);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            reject(null, ProxyReject.TRUNCATED, "connection closed during the PROXY header");
            ctx.fireChannelInactive();
        }

        private String rootMessage(Throwable t) {
            Throwable c = t;
            while (c.getCause() != null && c.getCause() != c) {
                c = c.getCause();
            }
            return c.getMessage() != null ? c.getMessage() : c.toString();
        }
    }
}
