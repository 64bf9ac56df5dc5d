package dev.l4lab.lb.tcp;

import dev.l4lab.lb.net.AcceptBalancer;
import dev.l4lab.lb.net.BackendConnector;
import dev.l4lab.lb.net.LoopConnections;
import dev.l4lab.lb.net.LoopListener;
import dev.l4lab.lb.net.SharedListener;
import dev.l4lab.lb.vertx.VertxNetty;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;

/**
 * One event loop's share of a TCP frontend. Its {@link LoopListener} accepts on this verticle's own event loop and
 * a {@link BackendConnector} connects to backends on the same loop: accept, connect and relay never change thread
 * (Vert.x's NetServer accepts on a separate acceptor thread and hands each socket over). All loops of a frontend
 * watch one listening socket ({@link SharedListener}), kept in balance by {@link AcceptBalancer}. Channels come
 * from Vert.x's transport (epoll when native, else NIO).
 */
final class TcpListener extends AbstractVerticle {

    private final TcpFrontend frontend;
    private final LoopConnections<TcpSession> local = new LoopConnections<>(this::rebalance);
    private BackendConnector connector;
    private LoopListener listener;

    TcpListener(TcpFrontend frontend) {
        this.frontend = frontend;
    }

    @Override
    public void start(Promise<Void> started) {
        TcpSettings settings = frontend.settings();
        EventLoop loop = VertxNetty.eventLoop(context);
        connector = new BackendConnector(loop, frontend.sockets(), VertxNetty.resolvers(vertx),
                settings.connectTimeoutMs());

        vertx.setPeriodic(settings.sweepIntervalMs(), t -> {
            long now = System.nanoTime();
            for (TcpSession s : local.snapshot()) {
                s.closeIfIdle(now);
            }
            rebalance();
        });
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

    private void accepted(Channel client) {
        if (!frontend.admit()) {
            client.close();
            return;
        }
        TcpSession session = frontend.newSession(client, connector, local);
        local.add(session);
        session.start();
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
            for (TcpSession s : local.snapshot()) {
                s.close();
            }
        }, stopped::complete);
    }
}
