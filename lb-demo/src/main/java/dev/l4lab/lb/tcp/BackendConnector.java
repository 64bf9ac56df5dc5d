package dev.l4lab.lb.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.resolver.AddressResolverGroup;
import java.net.InetSocketAddress;

/**
 * Opens backend connections on one event loop. What Netty's {@code Bootstrap} does, without its per-connect
 * copies of option and attribute maps: create the socket, set the options that differ from Netty's defaults
 * (each one is a setsockopt(2) or none), register (inline, we are on the loop), connect. Names are resolved on
 * every connect through Vert.x's resolver, so docker service names that move are followed.
 */
final class BackendConnector {

    private final EventLoop loop;
    private final SocketFactory sockets;
    private final AddressResolverGroup<InetSocketAddress> resolver;
    private final int connectTimeoutMs;

    BackendConnector(EventLoop loop, SocketFactory sockets, AddressResolverGroup<InetSocketAddress> resolver,
            int connectTimeoutMs) {
        this.loop = loop;
        this.sockets = sockets;
        this.resolver = resolver;
        this.connectTimeoutMs = connectTimeoutMs;
    }

    /** The handler is on the channel from its creation, so no event reaches the pipeline's tail. */
    ChannelFuture connect(InetSocketAddress to, RelayBuffers buffers, ChannelHandler handler) {
        Channel ch = sockets.socket(to.isUnresolved() ? null : to.getAddress());
        ChannelConfig config = ch.config();
        config.setConnectTimeoutMillis(connectTimeoutMs);
        SocketFactory.relayOptions(config, buffers);
        if (sockets.epoll()) {
            // Without it the handshake's final ACK can wait ~200 ms for data from us, and server-speaks-first
            // protocols (an echo greeting, SMTP) stall.
            config.setOption(EpollChannelOption.TCP_QUICKACK, true);
        }
        ch.pipeline().addLast(SessionSide.NAME, handler);
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
