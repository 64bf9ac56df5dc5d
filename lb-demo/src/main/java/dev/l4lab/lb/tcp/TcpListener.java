package dev.l4lab.lb.tcp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.spi.transport.Transport;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;

/**
 * One event loop's share of a TCP frontend. It accepts with a plain Netty {@link ServerBootstrap} whose boss
 * and worker are this verticle's own event loop, and connects to backends with a {@link BackendConnector} on the
 * same loop: accept, connect and relay never change thread (Vert.x's NetServer accepts on a separate
 * acceptor thread and hands each socket over, and NetSocket/NetClient set-up costs per connection). With the
 * native transport every listener binds the port with SO_REUSEPORT and the kernel spreads connections.
 * Channels come from Vert.x's transport (epoll when native, else NIO).
 */
final class TcpListener extends AbstractVerticle {

    private final TcpFrontend frontend;
    private final Set<TcpSession> local = new HashSet<>();
    private Channel listening;
    private BackendConnector connector;

    TcpListener(TcpFrontend frontend) {
        this.frontend = frontend;
    }

    @Override
    public void start(Promise<Void> started) {
        TcpSettings settings = frontend.settings();
        VertxInternal vx = (VertxInternal) vertx;
        Transport transport = vx.transport();
        EventLoop loop = ((ContextInternal) context).nettyEventLoop();

        boolean epoll = epoll(vertx);
        SocketFactory sockets = new SocketFactory(transport, epoll);
        connector = new BackendConnector(loop, sockets, vx.nettyAddressResolverGroup(), settings.connectTimeoutMs(), epoll);
        InetSocketAddress bindAddress = new InetSocketAddress(frontend.bindHost(), frontend.configuredPort());

        ServerBootstrap acceptor = new ServerBootstrap().group(loop, loop)
                .channelFactory(() -> sockets.listener(bindAddress.getAddress()))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        accepted(ch);
                    }
                });
        acceptor.option(ChannelOption.SO_BACKLOG, 1024).option(ChannelOption.SO_REUSEADDR, true);
        if (epoll) {
            acceptor.option(EpollChannelOption.SO_REUSEPORT, true); // one listener per event loop on one port
        }
        acceptor.childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, BackendConnector.WATER_MARK);

        vertx.setPeriodic(settings.sweepIntervalMs(), t -> {
            long now = System.nanoTime();
            for (TcpSession s : local.toArray(new TcpSession[0])) {
                s.closeIfIdle(now);
            }
        });
        ChannelFuture bind = acceptor.bind(bindAddress);
        bind.addListener(f -> {
            if (f.isSuccess()) {
                listening = bind.channel();
                frontend.bound(((InetSocketAddress) listening.localAddress()).getPort());
                started.complete();
            } else {
                started.fail(frontend.cannotListen(f.cause()));
            }
        });
    }

    /** Vert.x runs on Netty's epoll transport (SO_REUSEPORT and TCP_QUICKACK available). */
    static boolean epoll(io.vertx.core.Vertx vertx) {
        return vertx.isNativeTransportEnabled() && Epoll.isAvailable();
    }

    private void accepted(Channel client) {
        if (!frontend.admit()) {
            client.close();
            return;
        }
        TcpSession session = frontend.newSession(client, connector, local);
        local.add(session);
        session.start();
    }

    @Override
    public void stop(Promise<Void> stopped) {
        for (TcpSession s : local.toArray(new TcpSession[0])) {
            s.close();
        }
        if (listening == null) {
            stopped.complete();
        } else {
            listening.close().addListener(f -> stopped.complete());
        }
    }
}
