package dev.l4lab.lb.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import java.io.IOException;

/**
 * TCP half-close on Netty: with ALLOW_HALF_CLOSURE a peer's FIN arrives as a {@link ChannelInputShutdownEvent}
 * instead of closing the socket, and shutdown(SHUT_WR) sends our FIN while reading goes on.
 */
public final class HalfClose {

    private HalfClose() {
    }

    public static boolean isFin(Object event) {
        return event instanceof ChannelInputShutdownEvent;
    }

    /**
     * Makes the bytes still unflushed on this channel leave in one segment with the FIN that follows: TCP_CORK
     * holds them until the FIN pushes both (HAProxy does the same with MSG_MORE before shutdown). For a short
     * response that is one packet, one wake-up and one ACK fewer for the client.
     */
    public static void coalesceWithFin(Channel ch) {
        ChannelOutboundBuffer unflushed = ch.unsafe().outboundBuffer();
        if (ch instanceof EpollSocketChannel && ch.isActive() && unflushed != null
                && unflushed.totalPendingWriteBytes() > 0) {
            ch.config().setOption(EpollChannelOption.TCP_CORK, true);
        }
    }

    /** Sends FIN after everything written so far has been flushed. */
    public static void shutdownOutputAfterFlush(Channel ch, Runnable then) {
        afterFlush(ch, () -> shutdownOutput(ch, then));
    }

    /**
     * Runs {@code then} once everything written so far is in the kernel: at once when the flush wrote it all
     * (the usual case, and no promise is allocated), else when an empty write queued behind it completes.
     */
    public static void afterFlush(Channel ch, Runnable then) {
        ch.flush();
        ChannelOutboundBuffer pending = ch.unsafe().outboundBuffer();
        if (pending == null || pending.isEmpty()) {
            then.run();
        } else {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> then.run());
        }
    }

    /**
     * On epoll the socket is shut down directly: Netty's shutdownOutput() builds a ChannelOutputShutdownException
     * with a full stack trace every time (for writes that cannot exist here, the buffer is flushed). Netty still
     * sees the state, it reads it from the same socket object.
     */
    private static void shutdownOutput(Channel ch, Runnable then) {
        if (!ch.isActive()) {
            ch.close();
            then.run();
        } else if (ch instanceof UnixChannel unix && unix.fd() instanceof Socket socket) {
            try {
                socket.shutdown(false, true);
            } catch (IOException e) {
                ch.close(); // the peer is gone: nothing more can pass
            }
            then.run();
        } else {
            ((DuplexChannel) ch).shutdownOutput().addListener(x -> then.run());
        }
    }
}
