package dev.l4lab.lb.http;

import dev.l4lab.lb.net.BackendConnector;
import dev.l4lab.lb.net.LoopConnections;
import dev.l4lab.lb.net.LoopListener;
import dev.l4lab.lb.vertx.VertxNetty;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import java.net.InetSocketAddress;

/**
 * One event loop's share of an L7 frontend, on Netty's HTTP codec: accepts on the frontend's shared listening
 * socket on this loop ({@link LoopListener}), and connects to the backends from the same loop through its own
 * {@link BackendPool}, so a request never changes thread. Each client connection starts as HTTP/1.1; one that
 * opens with the HTTP/2 preface becomes h2c ({@link Http2Setup}), each stream an exchange of its own. Every
 * accepted connection is counted against max-connections before a byte is read, and gets a {@link HeaderDeadline}.
 */
final class HttpListener extends AbstractVerticle {

    private static final long SWEEP_MS = 1000;

    private final HttpFrontend frontend;
    private final LoopConnections<ClientConnection> local = new LoopConnections<>(this::rebalance);
    private final LoopClock clock = new LoopClock();
    private BackendPool backends;
    private LoopListener listener;

    HttpListener(HttpFrontend frontend) {
        this.frontend = frontend;
    }

    @Override
    public void start(Promise<Void> started) {
        HttpSettings settings = frontend.settings();
        EventLoop loop = VertxNetty.eventLoop(context);
        backends = new BackendPool(frontend, new BackendConnector(loop, frontend.sockets(),
                VertxNetty.resolvers(vertx), settings.connectTimeoutMs()), loop);
        frontend.addPool(backends);
        vertx.setPeriodic(SWEEP_MS, t -> backends.sweep());
        vertx.setPeriodic(LoopClock.TICK_MS, t -> clock.tick());
        listener = new LoopListener(frontend.name(), frontend.listener(), frontend.balancer(), loop, local::count,
                this::accepted);
        ChannelFuture listen = listener.attach();
        if (listen.isSuccess()) {
            frontend.bound(frontend.listener().port());
            started.complete();
        } else {
            started.fail(frontend.cannotListen(listen.cause()));
        }
    }

    private void accepted(Channel ch) {
        if (!frontend.admit()) {
            ch.close();
            return;
        }
        HttpLimits.applyTo(ch.config());
        // a client's FIN after its request still gets the answer (RFC 9112 9.6 lets a client half-close)
        ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        HeaderDeadline deadline = new HeaderDeadline(frontend.settings().headerTimeoutMs(), frontend.stats());
        ClientConnection client = new ClientConnection(frontend, backends, clock, new RequestDecoder(),
                new ResponseEncoder(), deadline, (InetSocketAddress) ch.remoteAddress());
        local.add(client);
        frontend.opened(client);
        ch.closeFuture().addListener(f -> {
            local.remove(client);
            frontend.closed(client);
        });
        ChannelPipeline p = ch.pipeline();
        p.addLast("wire", deadline);
        p.addLast("h2c", new H2cPreface(ctx -> toHttp2(ctx, client, deadline)));
        p.addLast("decoder", client.decoder());
        p.addLast("encoder", client.encoder());
        p.addLast("client", client);
    }

    private void toHttp2(ChannelHandlerContext ctx, ClientConnection http1, HeaderDeadline deadline) {
        deadline.stop();
        ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false); // HTTP/2 has GOAWAY for that
        ChannelPipeline p = ctx.pipeline();
        p.remove("decoder");
        p.remove("encoder");
        http1.becameHttp2();
        p.remove("client");
        Http2Setup.install(p, frontend, backends, http1);
    }

    private void rebalance() {
        if (listener != null) {
            listener.rebalance();
        }
    }

    @Override
    public void stop(Promise<Void> stopped) {
        if (listener == null) {
            stopped.complete();
            return;
        }
        listener.detach(() -> {
            for (ClientConnection c : local.snapshot()) {
                c.close();
            }
            backends.closeAll();
            frontend.removePool(backends);
        }, stopped::complete);
    }
}
