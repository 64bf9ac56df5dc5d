package dev.l4lab.echo.lifecycle;

import dev.l4lab.echo.config.DistinctPorts;
import dev.l4lab.echo.config.EchoConfig;
import dev.l4lab.echo.connections.ConnectionRegistry;
import dev.l4lab.echo.identity.WhoamiProxyServer;
import dev.l4lab.echo.tcp.TcpListeners;
import dev.l4lab.echo.udp.UdpEchoServer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Binds every listener at start-up (a bind failure, or a configuration that does not fit the heap or the
 * open-files limit, fails start-up) and drains on shutdown: no new connections (readiness goes DOWN, new
 * ones are closed at once), every open connection finishes echoing what it was sent and closes when quiet,
 * and whatever is still open at echo.shutdown.drain-timeout is closed and counted; then the listeners go.
 */
@ApplicationScoped
public class ListenersLifecycle {

    private static final Logger LOG = Logger.getLogger(ListenersLifecycle.class);
    /** After the drain deadline, how long forced closes may take before the listeners are closed anyway. */
    private static final Duration FORCED_CLOSE_WAIT = Duration.ofMillis(500);

    private final TcpListeners tcp;
    private final UdpEchoServer udp;
    private final WhoamiProxyServer whoamiProxy;
    private final ConnectionRegistry registry;
    private final Duration drainTimeout;
    private final EchoConfig config;

    public ListenersLifecycle(TcpListeners tcp, UdpEchoServer udp, WhoamiProxyServer whoamiProxy,
                              ConnectionRegistry registry, EchoConfig config) {
        this.tcp = tcp;
        this.udp = udp;
        this.whoamiProxy = whoamiProxy;
        this.registry = registry;
        this.drainTimeout = config.shutdown().drainTimeout();
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        DistinctPorts.check(config);
        tcp.startAll();
        udp.start();
        whoamiProxy.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        long start = System.nanoTime();
        int open = registry.count();
        registry.drainAll();
        boolean drained = waitFor(drainTimeout, () -> registry.count() == 0 && udp.delayedBytes() == 0);
        if (!drained) {
            LOG.warnf("drain: %d connections still open after %d ms; closing them", registry.count(),
                drainTimeout.toMillis());
            registry.closeAll();
            waitFor(FORCED_CLOSE_WAIT, () -> registry.count() == 0);
        }
        LOG.infof("drained %d connections in %d ms", open, (System.nanoTime() - start) / 1_000_000);
        whoamiProxy.stop();
        udp.stop();
        tcp.stopAll();
    }

    private static boolean waitFor(Duration limit, BooleanSupplier done) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return done.getAsBoolean();
            }
        }
        return true;
    }
}
