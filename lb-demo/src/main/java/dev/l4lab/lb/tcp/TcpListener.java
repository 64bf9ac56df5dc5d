package dev.l4lab.lb.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.ServerChannel;
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
 * One event loop's share of a TCP frontend. Its listening socket is registered on this verticle's own event
 * loop, where an {@link Acceptor} registers each accepted socket too, and a {@link BackendConnector} connects to
 * backends on the same loop: accept, connect and relay never change thread (Vert.x's NetServer accepts on a separate
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

        ServerChannel listener = sockets.listener(bindAddress.getAddress());
        listener.config().setOption(ChannelOption.SO_BACKLOG, 1024);
        listener.config().setOption(ChannelOption.SO_REUSEADDR, true);
        if (epoll) {
            listener.config().setOption(EpollChannelOption.SO_REUSEPORT, true); // one listener per event loop, one port
        }
        listener.pipeline().addLast("acceptor", new Acceptor(frontend.name(), this::accepted));

        vertx.setPeriodic(settings.sweepIntervalMs(), t -> {
            long now = System.nanoTime();
            for (TcpSession s : local.toArray(new TcpSession[0])) {
                s.closeIfIdle(now);
            }
        });
        loop.register(listener).addListener(r -> {
            ChannelFuture bind = r.isSuccess() ? listener.bind(bindAddress) : (ChannelFuture) r;
            bind.addListener(f -> {
                if (f.isSuccess()) {
                    listening = listener;
                    frontend.bound(((InetSocketAddress) listener.localAddress()).getPort());
                    started.complete();
                } else {
                    listener.close();
                    started.fail(frontend.cannotListen(f.cause()));
                }
            });
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
