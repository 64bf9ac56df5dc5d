package dev.l4lab.echo.health;

import dev.l4lab.echo.connections.ConnectionRegistry;
import dev.l4lab.echo.connections.ListenerKind;
import dev.l4lab.echo.faults.FaultState;
import dev.l4lab.echo.identity.WhoamiProxyServer;
import dev.l4lab.echo.tcp.TcpListeners;
import dev.l4lab.echo.udp.UdpEchoServer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while every listener is bound, the service is not shutting down and the "unhealthy" fault is
 * off. A "refuse" fault unbinds a listener, so it also makes readiness DOWN: an LB should not send to a port
 * that refuses. The data names each listener's port ("bound:9000"), which is also how tests find them.
 */
@Readiness
@ApplicationScoped
public class ListenersReadiness implements HealthCheck {

    private final TcpListeners tcp;
    private final UdpEchoServer udp;
    private final WhoamiProxyServer whoamiProxy;
    private final FaultState faults;
    private final ConnectionRegistry registry;

    public ListenersReadiness(TcpListeners tcp, UdpEchoServer udp, WhoamiProxyServer whoamiProxy, FaultState faults,
                              ConnectionRegistry registry) {
        this.tcp = tcp;
        this.udp = udp;
        this.whoamiProxy = whoamiProxy;
        this.faults = faults;
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("echo-listeners");
        boolean up = true;
        for (ListenerKind kind : TcpListeners.KINDS) {
            boolean bound = tcp.isBound(kind);
            b.withData("tcp-" + kind.label(), bound ? "bound:" + tcp.port(kind) : "unbound");
            up &= bound;
        }
        b.withData("udp-echo", udp.isBound() ? "bound:" + udp.port() : "unbound");
        b.withData("whoami-proxy", whoamiProxy.isBound() ? "bound:" + whoamiProxy.port() : "unbound");
        up &= udp.isBound() && whoamiProxy.isBound();
        boolean unhealthy = faults.plan().unhealthy();
        b.withData("fault-unhealthy", unhealthy);
        b.withData("shutting-down", registry.shuttingDown());
        b.withData("connections", registry.count() + "/" + registry.maxConnections());
        return b.status(up && !unhealthy && !registry.shuttingDown()).build();
    }
}
