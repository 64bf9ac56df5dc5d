package dev.l4lab.lb.vertx;

import io.netty.channel.EventLoop;
import io.netty.resolver.AddressResolverGroup;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.spi.transport.Transport;
import java.net.InetSocketAddress;

/**
 * The one place that reaches below Vert.x's public API, to the Netty objects lb-demo drives itself: the event loop
 * of a context, Vert.x's transport (epoll or NIO channels) and its asynchronous DNS resolver as a Netty resolver. Everything else uses Vert.x and Netty through their public API.
 */
public final class VertxNetty {

    private VertxNetty() {
    }

    /** The Netty event loop behind a Vert.x event-loop context. */
    public static EventLoop eventLoop(Context context) {
        return ((ContextInternal) context).nettyEventLoop();
    }

    /** Vert.x's transport: epoll channels when the native transport is on, NIO otherwise. */
    public static Transport transport(Vertx vertx) {
        return ((VertxInternal) vertx).transport();
    }

    /** Vert.x's asynchronous, TTL-respecting resolver (/etc/hosts, resolv.conf), usable by Netty's connect. */
    public static AddressResolverGroup<InetSocketAddress> resolvers(Vertx vertx) {
        return ((VertxInternal) vertx).nettyAddressResolverGroup();
    }
}
