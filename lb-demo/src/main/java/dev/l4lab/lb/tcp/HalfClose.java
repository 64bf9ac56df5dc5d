package dev.l4lab.lb.tcp;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;

/**
 * TCP half-close on Netty: with ALLOW_HALF_CLOSURE a peer's FIN arrives as a {@link ChannelInputShutdownEvent}
 * instead of closing the socket, and {@link DuplexChannel#shutdownOutput()} sends our FIN while reading goes on.
 */
final class HalfClose {

    private HalfClose() {
    }

    static boolean isFin(Object event) {
        return event instanceof ChannelInputShutdownEvent;
    }

    /**
     * Makes the bytes still unflushed on this channel leave in one segment with the FIN that follows: TCP_CORK
     * holds them until the FIN pushes both (HAProxy does the same with MSG_MORE before shutdown). For a short
     * response that is one packet, one wake-up and one ACK fewer for the client.
     */
    static void coalesceWithFin(Channel ch) {
        ChannelOutboundBuffer unflushed = ch.unsafe().outboundBuffer();
        if (ch instanceof EpollSocketChannel && ch.isActive() && unflushed != null
                && unflushed.totalPendingWriteBytes() > 0) {
            ch.config().setOption(EpollChannelOption.TCP_CORK, true);
        }
    }

    /** Sends FIN after everything written so far has been flushed (the empty write completes last). */
    static void shutdownOutputAfterFlush(Channel ch, Runnable then) {
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (ch instanceof DuplexChannel duplex && ch.isActive()) {
                duplex.shutdownOutput().addListener(x -> then.run());
            } else {
                ch.close();
                then.run();
            }
        });
    }
}
