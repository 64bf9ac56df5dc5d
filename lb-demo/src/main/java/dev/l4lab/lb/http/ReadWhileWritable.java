package dev.l4lab.lb.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;

/**
 * No read from a connection while its write queue is over the high-water mark: for an h2c connection, whose HEADERS
 * frames are not flow-controlled, so a client that opens stream after stream and reads nothing would otherwise have
 * every answer queued. Turning auto-read off is not enough: the HTTP/2 codec (a ByteToMessageDecoder) asks for the
 * next read itself after a read that produced no message, so that request is held here until writable again.
 */
final class ReadWhileWritable extends ChannelDuplexHandler {

    private boolean readHeld;

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            ctx.read();
        } else {
            readHeld = true;
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = ctx.channel().isWritable();
        ctx.channel().config().setAutoRead(writable);
        if (writable && readHeld) {
            readHeld = false;
            ctx.read();
        }
        ctx.fireChannelWritabilityChanged();
    }
}
