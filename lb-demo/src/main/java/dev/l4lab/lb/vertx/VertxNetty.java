package dev.l4lab.lb.vertx;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.resolver.AddressResolverGroup;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.spi.transport.Transport;
import java.net.InetSocketAddress;
import java.util.function.Predicate;

/**
 * The one place that reaches below Vert.x's public API, to the Netty objects lb-demo drives itself: the event loop
 * of a context, Vert.x's transport (epoll or NIO channels), its asynchronous DNS resolver as a Netty resolver, and
 * an HTTP server that sees every accepted socket. Everything else uses Vert.x and Netty through their public API.
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

    /** The Netty channel under an HTTP connection (both HTTP/1.x and HTTP/2 connections have one). */
    public static Channel channel(HttpConnection connection) {
        return ((ConnectionBase) connection).channel();
    }

    /**
     * An HTTP server whose {@code accepted} test sees each TCP connection as soon as it is accepted, before a byte
     * is read (Vert.x's connection handler runs only once the first request has been parsed): false closes it.
     * It may add handlers at the front of the channel's pipeline.
     */
    public static HttpServer httpServer(Vertx vertx, HttpServerOptions options, Predicate<Channel> accepted) {
        return new AcceptHookHttpServer((VertxInternal) vertx, options, accepted);
    }
}
