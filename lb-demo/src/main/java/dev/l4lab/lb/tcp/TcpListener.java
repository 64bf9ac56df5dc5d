package dev.l4lab.lb.tcp;

import dev.l4lab.lb.vertx.VertxNetty;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.ServerChannel;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;

/**
 * One event loop's share of a TCP frontend. Its listening socket is registered on this verticle's own event
 * loop, where an {@link Acceptor} registers each accepted socket too, and a {@link BackendConnector} connects to
 * backends on the same loop: accept, connect and relay never change thread (Vert.x's NetServer accepts on a
 * separate acceptor thread and hands each socket over). All loops
 * of a frontend watch one listening socket ({@link SharedListener}), kept in balance by {@link AcceptBalancer}.
 * Channels come from Vert.x's transport (epoll when native, else NIO).
 */
final class TcpListener extends AbstractVerticle {

    private final TcpFrontend frontend;
    private final LoopSessions local = new LoopSessions(this::rebalance);
    private ServerChannel listening;
    private BackendConnector connector;
    private Acceptor acceptor;
    private EventLoop loop;
    private boolean accepting = true;

    TcpListener(TcpFrontend frontend) {
        this.frontend = frontend;
    }

    @Override
    public void start(Promise<Void> started) {
        TcpSettings settings = frontend.settings();
        loop = VertxNetty.eventLoop(context);
        connector = new BackendConnector(loop, frontend.sockets(), VertxNetty.resolvers(vertx),
                settings.connectTimeoutMs());

        vertx.setPeriodic(settings.sweepIntervalMs(), t -> {
            long now = System.nanoTime();
            for (TcpSession s : local.snapshot()) {
                s.closeIfIdle(now);
            }
            rebalance();
        });
        acceptor = new Acceptor(frontend.name(), this::accepted);
        ChannelFuture listen = frontend.listener().attach(loop, acceptor);
        if (listen.isSuccess()) {
            listening = (ServerChannel) listen.channel();
            frontend.balancer().join(this);
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

    int sessionCount() {
        return local.count();
    }

    /** On this loop: stop or start watching the shared socket, see {@link AcceptBalancer}. */
    private void rebalance() {
        if (listening == null || acceptor.pausedAfterError()) {
            return;
        }
        boolean overloaded = frontend.balancer().overloaded(this);
        if (accepting && overloaded) {
            accepting = false;
            listening.config().setAutoRead(false);
            frontend.balancer().stoppedAccepting(this);
        } else if (!accepting && !overloaded) {
            accepting = true;
            listening.config().setAutoRead(true);
        }
    }

    /** From another loop. */
    void recheckSoon() {
        loop.execute(this::rebalance);
    }

    @Override
    public void stop(Promise<Void> stopped) {
        ServerChannel ch = listening;
        listening = null; // no more rebalancing while the sessions close
        if (ch != null) {
            frontend.balancer().leave(this);
        }
        for (TcpSession s : local.snapshot()) {
            s.close();
        }
        if (ch == null) {
            stopped.complete();
        } else {
            frontend.listener().detach(ch, stopped::complete);
        }
    }
}
