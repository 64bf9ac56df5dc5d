package dev.l4lab.lb.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * An h2c client connection: Netty's HTTP/2 codec with a child channel per stream, each stream converted to
 * HTTP/1 objects and proxied by a {@link ClientConnection} of its own, so every stream is balanced on its own.
 * Bounded by {@link HttpLimits}: concurrent streams (refused with REFUSED_STREAM beyond them, also from a client
 * that has not acknowledged our SETTINGS), the flow-control window per stream, the header list, and no frame is
 * read while the connection's write queue is full. Idle
 * (no frame either way, no open stream) for the frontend's idle timeout, the connection is closed.
 */
final class Http2Setup {

    private Http2Setup() {
    }

    static void install(ChannelPipeline p, HttpFrontend frontend, BackendPool backends, ClientConnection parent) {
        Http2Settings settings = Http2Settings.defaultSettings()
                .maxConcurrentStreams(HttpLimits.H2_STREAMS)
                .initialWindowSize(HttpLimits.H2_WINDOW)
                .maxHeaderListSize(HttpLimits.MAX_HEADER_BLOCK);
        Http2FrameCodec codec = Http2FrameCodecBuilder.forServer()
                .initialSettings(settings)
                .validateHeaders(true)
                .build();
        ChannelInitializer<Channel> stream = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                // Netty holds a client to SETTINGS_MAX_CONCURRENT_STREAMS only once it has acknowledged our
                // SETTINGS; until then (or if it never does) the limit is kept here.
                if (!parent.streamOpened()) {
                    ch.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.REFUSED_STREAM));
                    return;
                }
                ch.closeFuture().addListener(f -> parent.streamClosed());
                HttpLimits.applyTo(ch.config());
                ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true, true));
                ch.pipeline().addLast(new ClientConnection(parent));
            }
        };
        p.addLast("backpressure", new ReadWhileWritable());
        p.addLast("h2", codec);
        p.addLast("idle", new IdleStateHandler(0, 0, frontend.settings().idleTimeoutMs(), TimeUnit.MILLISECONDS));
        p.addLast("idle-close", new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
                if (evt instanceof IdleStateEvent && codec.connection().numActiveStreams() == 0) {
                    ctx.close();
                    return;
                }
                super.userEventTriggered(ctx, evt);
            }
        });
        p.addLast("streams", new Http2MultiplexHandler(stream));
    }
}
