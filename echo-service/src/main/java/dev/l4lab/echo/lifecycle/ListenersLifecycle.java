package dev.l4lab.echo.lifecycle;

import dev.l4lab.echo.identity.WhoamiProxyServer;
import dev.l4lab.echo.tcp.TcpListeners;
import dev.l4lab.echo.udp.UdpEchoServer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Binds every listener at start-up (a bind failure fails start-up) and closes them on shutdown. */
@ApplicationScoped
public class ListenersLifecycle {

    private final TcpListeners tcp;
    private final UdpEchoServer udp;
    private final WhoamiProxyServer whoamiProxy;

    public ListenersLifecycle(TcpListeners tcp, UdpEchoServer udp, WhoamiProxyServer whoamiProxy) {
        this.tcp = tcp;
        this.udp = udp;
        this.whoamiProxy = whoamiProxy;
    }

    void onStart(@Observes StartupEvent event) {
        tcp.startAll();
        udp.start();
        whoamiProxy.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        whoamiProxy.stop();
        udp.stop();
        tcp.stopAll();
    }
}
