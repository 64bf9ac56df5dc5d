package dev.l4lab.echo.vertx;

import io.netty.channel.Channel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.NetSocketInternal;

/**
 * The one place that reaches under Vert.x's public API: the Netty channel of a socket or an HTTP connection
 * (for read control, receive buffer sizing, SO_LINGER and the PROXY header handlers) and the half-close
 * event. Vert.x 4.5 exposes none of these publicly.
 */
public final class NettyChannels {

    private NettyChannels() {
    }

    public static Channel of(NetSocket socket) {
        return ((NetSocketInternal) socket).channelHandlerContext().channel();
    }

    public static Channel of(HttpConnection connection) {
        return ((ConnectionBase) connection).channelHandlerContext().channel();
    }

    /** Calls {@code onFin} when the client half-closes (needs ALLOW_HALF_CLOSURE on the channel). */
    public static void onInputShutdown(NetSocket socket, Runnable onFin) {
        ((NetSocketInternal) socket).eventHandler(event -> {
            if (event instanceof ChannelInputShutdownEvent) {
                onFin.run();
            }
        });
    }
}
