package dev.l4lab.lb.udp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Consumer;

/** The handler of a UDP socket (the frontend's or a session's): each datagram to one consumer, errors to another. */
final class Datagrams extends ChannelInboundHandlerAdapter {

    private final Consumer<DatagramPacket> received;
    private final Consumer<Throwable> failed;

    Datagrams(Consumer<DatagramPacket> received, Consumer<Throwable> failed) {
        this.received = received;
        this.failed = failed;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof DatagramPacket packet) {
            received.accept(packet);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /** A send the kernel refused, or a read error. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failed.accept(cause);
    }
}
