package dev.l4lab.lb.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.resolver.AddressResolverGroup;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * Opens backend connections on one event loop. What Netty's {@code Bootstrap} does, without its per-connect
 * copies of option and attribute maps: create the socket, set the options that differ from Netty's defaults
 * (each one is a setsockopt(2) or none), register (inline, we are on the loop), connect. Names are resolved on
 * every connect through Vert.x's resolver, so docker service names that move are followed.
 */
public final class BackendConnector {

    private final EventLoop loop;
    private final SocketFactory sockets;
    private final AddressResolverGroup<InetSocketAddress> resolver;
    private final int connectTimeoutMs;

    public BackendConnector(EventLoop loop, SocketFactory sockets, AddressResolverGroup<InetSocketAddress> resolver,
            int connectTimeoutMs) {
        this.loop = loop;
        this.sockets = sockets;
        this.resolver = resolver;
        this.connectTimeoutMs = connectTimeoutMs;
    }

    /**
     * @param setUp sets the caller's options and handlers before the channel is registered, so no event reaches
     *              the pipeline's tail
     */
    public ChannelFuture connect(InetSocketAddress to, Consumer<Channel> setUp) {
        Channel ch = sockets.socket(to.isUnresolved() ? null : to.getAddress());
        ChannelConfig config = ch.config();
        config.setConnectTimeoutMillis(connectTimeoutMs);
        if (sockets.epoll()) {
            // Without it the handshake's final ACK can wait ~200 ms for data from us, and server-speaks-first
            // protocols (an echo greeting, SMTP) stall.
            config.setOption(EpollChannelOption.TCP_QUICKACK, true);
        }
        setUp.accept(ch);
        ChannelFuture registered = loop.register(ch);
        if (registered.cause() != null) {
            ch.close();
            return registered;
        }
        if (!to.isUnresolved()) {
            return ch.connect(to);
        }
        ChannelPromise connected = ch.newPromise();
        resolver.getResolver(loop).resolve(to).addListener(r -> {
            if (r.isSuccess()) {
                ch.connect((InetSocketAddress) r.getNow(), connected);
            } else {
                ch.close();
                connected.setFailure(r.cause());
            }
        });
        return connected;
    }
}
