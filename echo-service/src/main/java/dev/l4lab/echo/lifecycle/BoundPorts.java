package dev.l4lab.echo.lifecycle;

import dev.l4lab.echo.identity.WhoamiProxyServer;
import dev.l4lab.echo.tcp.ListenerKind;
import dev.l4lab.echo.tcp.TcpListeners;
import dev.l4lab.echo.udp.UdpEchoServer;
import jakarta.enterprise.context.ApplicationScoped;

/** The ports the listeners actually bound (port 0 in tests means an ephemeral port). */
@ApplicationScoped
public class BoundPorts {

    private final TcpListeners tcp;
    private final UdpEchoServer udp;
    private final WhoamiProxyServer whoamiProxy;

    public BoundPorts(TcpListeners tcp, UdpEchoServer udp, WhoamiProxyServer whoamiProxy) {
        this.tcp = tcp;
        this.udp = udp;
        this.whoamiProxy = whoamiProxy;
    }

    public int tcpEcho() {
        return tcp.port(ListenerKind.ECHO);
    }

    public int discard() {
        return tcp.port(ListenerKind.DISCARD);
    }

    public int chargen() {
        return tcp.port(ListenerKind.CHARGEN);
    }

    public int udpEcho() {
        return udp.port();
    }

    public int whoamiProxy() {
        return whoamiProxy.port();
    }
}
