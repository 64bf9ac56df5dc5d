package dev.l4lab.probe.tcp;

import dev.l4lab.probe.net.SelfConnect;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Non-blocking TCP connects on the Vert.x event loop, to an already checked InetAddress (never a
 * name, so nothing is resolved again). One connector per timeout value; close it when done.
 */
public final class TcpConnector implements AutoCloseable {

    private final NetClient client;

    public TcpConnector(Vertx vertx, int connectTimeoutMs) {
        this.client = vertx.createNetClient(new NetClientOptions()
                .setConnectTimeout(connectTimeoutMs)
                .setTcpNoDelay(true)
                .setReuseAddress(false));
    }

    public Future<NetSocket> connect(InetAddress address, int port) {
        return client.connect(SocketAddress.inetSocketAddress(new InetSocketAddress(address, port)));
    }

    /** See {@link SelfConnect}: a connection to ourselves means nothing listens there. */
    public static boolean isSelfConnect(NetSocket socket) {
        return SelfConnect.detected(socket.localAddress().hostAddress(), socket.localAddress().port(),
                socket.remoteAddress().hostAddress(), socket.remoteAddress().port());
    }

    @Override
    public void close() {
        client.close();
    }
}
