package dev.l4lab.lb.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;

/**
 * TCP half-close on Vert.x 4.5, which has no NetSocket.shutdownOutput: we reach the Netty channel.
 * With ALLOW_HALF_CLOSURE a peer's FIN arrives as a {@link ChannelInputShutdownEvent} instead of
 * closing the socket, and {@link DuplexChannel#shutdownOutput()} sends our FIN while reading goes on.
 */
final class HalfClose {

    private HalfClose() {
    }

    static Channel channel(NetSocket socket) {
        return ((NetSocketInternal) socket).channelHandlerContext().channel();
    }

    static void enable(NetSocket socket) {
        channel(socket).config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    }

    /**
     * Per-socket write buffer bounds: reading from the other side pauses above high and resumes below low.
     * Larger than Netty's 32/64 KiB default so bulk transfers toggle reading less often.
     */
    static void writeBufferBounds(NetSocket socket, int lowBytes, int highBytes) {
        channel(socket).config().setWriteBufferWaterMark(new WriteBufferWaterMark(lowBytes, highBytes));
    }

    static boolean isFin(Object event) {
        return event instanceof ChannelInputShutdownEvent;
    }

    /** Sends FIN after everything written so far has been flushed (the empty write completes last). */
    static void shutdownOutputAfterFlush(NetSocket socket, Runnable then) {
        socket.write(Buffer.buffer()).onComplete(ar -> {
            Channel ch = channel(socket);
            if (ch instanceof DuplexChannel duplex && ch.isActive()) {
                duplex.shutdownOutput().addListener(f -> then.run());
            } else {
                socket.close();
                then.run();
            }
        });
    }

    static void autoRead(NetSocket socket, boolean on) {
        channel(socket).config().setAutoRead(on);
    }
}
