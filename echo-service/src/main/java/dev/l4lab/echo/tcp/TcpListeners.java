package dev.l4lab.echo.tcp;

import dev.l4lab.echo.config.EchoConfig;
import dev.l4lab.echo.config.ResourceBudget;
import dev.l4lab.echo.connections.ConnectionRegistry;
import dev.l4lab.echo.connections.ListenerKind;
import dev.l4lab.echo.faults.FaultState;
import dev.l4lab.echo.identity.InstanceIdentity;
import dev.l4lab.echo.metrics.EchoMetrics;
import dev.l4lab.echo.vertx.Blocking;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The three TCP listeners (echo, discard, chargen) as Vert.x NetServers. The echo listener can be unbound
 * and bound again on the same port (the "refuse" fault).
 */
@ApplicationScoped
public class TcpListeners {

    /** The listeners this class owns, in binding order. */
    public static final List<ListenerKind> KINDS = List.of(ListenerKind.ECHO, ListenerKind.DISCARD, ListenerKind.CHARGEN);

    private static final Logger LOG = Logger.getLogger(TcpListeners.class);

    private final Vertx vertx;
    private final EchoConfig config;
    private final TcpEnvironment env;
    // Concurrent maps: readiness and tests read them without the lock that bind/unbind hold while they wait.
    private final Map<ListenerKind, NetServer> servers = new ConcurrentHashMap<>();
    private final Map<ListenerKind, Integer> ports = new ConcurrentHashMap<>();

    public TcpListeners(Vertx vertx, EchoConfig config, EchoMetrics metrics, ConnectionRegistry registry,
                        FaultState faults, InstanceIdentity identity, ResourceBudget budget) {
        this.vertx = vertx;
        this.config = config;
        this.env = new TcpEnvironment(vertx, metrics, registry, faults, budget.buffers(),
            config.limits().proxyHeaderTimeout(), config.banner().enabled(), identity.name());
    }

    private List<ListenerSettings> settings() {
        return List.of(
            new ListenerSettings(ListenerKind.ECHO, config.tcp().port(), config.tcp().proxyProtocol()),
            new ListenerSettings(ListenerKind.DISCARD, config.discard().port(), config.discard().proxyProtocol()),
            new ListenerSettings(ListenerKind.CHARGEN, config.chargen().port(), config.chargen().proxyProtocol()));
    }

    /** Binds all listeners; blocks (start-up thread only). A port in use fails start-up naming it. */
    public synchronized void startAll() {
        for (ListenerSettings s : settings()) {
            Blocking.await(bind(s, s.port()), "bind " + s.kind().label() + " on tcp/" + s.port());
        }
    }

    /** Unbinds every listener; Vert.x also closes their open connections. */
    public synchronized void stopAll() {
        for (ListenerKind kind : List.copyOf(servers.keySet())) {
            unbind(kind);
        }
    }

    /**
     * The "refuse tcp" fault: unbind the echo listener so connects get RST, or bind it again on the port it
     * had. Blocks. Throws IllegalStateException naming the port when it cannot be bound.
     */
    public synchronized void refuseEcho(boolean refuse) {
        boolean bound = servers.containsKey(ListenerKind.ECHO);
        if (refuse && bound) {
            unbind(ListenerKind.ECHO);
        } else if (!refuse && !bound) {
            ListenerSettings echo = settings().get(0);
            int port = ports.getOrDefault(ListenerKind.ECHO, echo.port());
            Blocking.await(bind(echo, port), "bind echo on tcp/" + port);
        }
    }

    public boolean isBound(ListenerKind kind) {
        return servers.containsKey(kind);
    }

    /** The actual port (after binding port 0, the ephemeral one); -1 if never bound. */
    public int port(ListenerKind kind) {
        return ports.getOrDefault(kind, -1);
    }

    private Future<Void> bind(ListenerSettings s, int port) {
        NetServerOptions options = new NetServerOptions().setHost("0.0.0.0").setPort(port).setReuseAddress(true)
            .setTcpNoDelay(true);
        long idleMs = config.limits().idleTimeout().toMillis();
        if (idleMs > 0) {
            options.setIdleTimeout((int) Math.min(Integer.MAX_VALUE, idleMs)).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        }
        NetServer server = vertx.createNetServer(options);
        server.connectHandler(socket -> TcpConnection.accept(s, socket, env));
        return server.listen().map(bound -> {
            servers.put(s.kind(), bound);
            ports.put(s.kind(), bound.actualPort());
            LOG.infof("%s listening on tcp/%d (proxy-protocol %s)", s.kind().label(), bound.actualPort(),
                s.proxyMode().name().toLowerCase());
            return null;
        });
    }

    private void unbind(ListenerKind kind) {
        NetServer server = servers.remove(kind);
        if (server != null) {
            Blocking.await(server.close(), "close " + kind.label());
            LOG.infof("%s stopped listening on tcp/%d", kind.label(), ports.get(kind));
        }
    }
}
