package dev.l4lab.lb.net;

import dev.l4lab.lb.vertx.VertxNetty;
import io.netty.channel.Channel;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.vertx.core.Vertx;
import io.vertx.core.spi.transport.Transport;
import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Creates the TCP channels of one frontend. With the epoll transport an IPv4 address gets an AF_INET socket, as
 * HAProxy uses: Netty's default is a dual-stack AF_INET6 socket, which costs an IPV6_V6ONLY setsockopt(2)
 * per backend connection and the kernel's IPv4-mapped IPv6 paths. Names and IPv6 keep the dual-stack socket.
 */
public final class SocketFactory {

    private final Transport transport;
    private final boolean epoll;

    private SocketFactory(Transport transport, boolean epoll) {
        this.transport = transport;
        this.epoll = epoll;
    }

    /** For Vert.x's transport: epoll when it runs natively, else NIO. */
    public static SocketFactory of(Vertx vertx) {
        return new SocketFactory(VertxNetty.transport(vertx),
                vertx.isNativeTransportEnabled() && Epoll.isAvailable());
    }

    /** Netty's epoll transport (TCP_QUICKACK, TCP_CORK and a shared listening socket available). */
    public boolean epoll() {
        return epoll;
    }

    @SuppressWarnings("deprecation") // InternetProtocolFamily: the 4.1 constructors take it
    public Channel socket(InetAddress remote) {
        if (epoll && remote instanceof Inet4Address) {
            return new EpollSocketChannel(InternetProtocolFamily.IPv4);
        }
        return transport.channelFactory(false).newChannel();
    }

    @SuppressWarnings("deprecation")
    public ServerChannel listener(InetAddress bind) {
        if (epoll && bind instanceof Inet4Address) {
            return new EpollServerSocketChannel(InternetProtocolFamily.IPv4);
        }
        return transport.serverChannelFactory(false).newChannel();
    }
}
