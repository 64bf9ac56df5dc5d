package dev.l4lab.lb.tcp;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
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
