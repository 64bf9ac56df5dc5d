package dev.l4lab.lb.tcp;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.util.HashSet;
import java.util.Set;

/** One event loop's share of a TCP frontend: accepts, proxies and sweeps idle sessions. */
final class TcpListener extends AbstractVerticle {

    private final TcpFrontend frontend;
    private final Set<TcpSession> local = new HashSet<>();
    private NetServer server;
    private NetClient connector;

    TcpListener(TcpFrontend frontend) {
        this.frontend = frontend;
    }

    @Override
    public void start(Promise<Void> started) {
        TcpSettings settings = frontend.settings();
        connector = vertx.createNetClient(new NetClientOptions()
                .setConnectTimeout(settings.connectTimeoutMs())
                .setTcpNoDelay(true)
                // With epoll, Vert.x otherwise leaves TCP_QUICKACK off, which delays the handshake's final
                // ACK by ~200 ms when we have nothing to send yet (server-speaks-first protocols).
                .setTcpQuickAck(true));
        server = vertx.createNetServer(new NetServerOptions()
                .setHost(frontend.bindHost())
                .setPort(frontend.configuredPort())
                .setTcpNoDelay(true)
                .setAcceptBacklog(1024));
        server.connectHandler(socket -> {
            if (!frontend.admit()) {
                socket.close();
                return;
            }
            TcpSession session = frontend.newSession(socket, connector, local);
            local.add(session);
            session.start();
        });
        vertx.setPeriodic(settings.sweepIntervalMs(), t -> {
            long now = System.nanoTime();
            for (TcpSession s : local.toArray(new TcpSession[0])) {
                s.closeIfIdle(now);
            }
        });
        server.listen().onSuccess(s -> {
            frontend.bound(s.actualPort());
            started.complete();
        }).onFailure(e -> started.fail(frontend.cannotListen(e)));
    }

    @Override
    public void stop() {
        for (TcpSession s : local.toArray(new TcpSession[0])) {
            s.close();
        }
        connector.close();
    }
}
