package dev.l4lab.lb.vertx;

import io.netty.channel.Channel;
import io.netty.handler.traffic.GlobalTrafficShapingHandler;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.HttpServerImpl;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.SslChannelProvider;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/** Vert.x's HTTP server with a test on every accepted channel, run before Vert.x sets the channel up. */
final class AcceptHookHttpServer extends HttpServerImpl {

    private final Predicate<Channel> accepted;

    AcceptHookHttpServer(VertxInternal vertx, HttpServerOptions options, Predicate<Channel> accepted) {
        super(vertx, options);
        this.accepted = accepted;
    }

    @Override
    protected BiConsumer<Channel, SslChannelProvider> childHandler(ContextInternal context, SocketAddress address,
            GlobalTrafficShapingHandler trafficShaping) {
        BiConsumer<Channel, SslChannelProvider> vertxSetUp = super.childHandler(context, address, trafficShaping);
        return (ch, ssl) -> {
            if (accepted.test(ch)) {
                vertxSetUp.accept(ch, ssl);
            } else {
                ch.close();
            }
        };
    }
}
