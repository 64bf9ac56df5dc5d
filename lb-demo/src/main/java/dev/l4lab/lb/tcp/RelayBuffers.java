package dev.l4lab.lb.tcp;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelOption;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;

/**
 * How much one proxied connection may buffer in lb-demo. Per direction: the destination's write queue up to the
 * high-water mark (then reading the source pauses, and resumes below half of it) plus the one read buffer that
 * crossed it. The large sizes keep bulk streams from pausing often; {@link RelayBudget} gives the smaller ones to
 * connections when many are open, so the connection limit times the floor always fits the memory budget.
 */
enum RelayBuffers {
    LARGE(256 * 1024, 64 * 1024),
    BIG(128 * 1024, 64 * 1024),
    MEDIUM(64 * 1024, 64 * 1024),
    SMALL(32 * 1024, 32 * 1024),
    FLOOR(16 * 1024, 16 * 1024);

    private final WriteBufferWaterMark waterMark;
    private final RecvByteBufAllocator reads;
    private final int highWater;
    private final long bytes;

    RelayBuffers(int highWater, int maxRead) {
        this.highWater = highWater;
        this.waterMark = new WriteBufferWaterMark(highWater / 2, highWater);
        // 16 reads per wake-up as Netty's default for sockets; a shared allocator hands each channel its own handle
        this.reads = new AdaptiveRecvByteBufAllocator(64, Math.min(2048, maxRead), maxRead).maxMessagesPerRead(16);
        this.bytes = 2L * (highWater + maxRead);
    }

    /** The most both directions of one connection can hold. */
    long bytesPerConnection() {
        return bytes;
    }

    /** Client bytes held while the backend connects: at most 64 KiB, and within one direction's worth. */
    int earlyDataLimit() {
        return Math.min(64 * 1024, highWater);
    }

    /**
     * Half-close (a FIN is an event, not the end) and these bounds, for both sides of a session.
     */
    void applyTo(ChannelConfig config) {
        config.setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        config.setWriteBufferWaterMark(waterMark);
        config.setRecvByteBufAllocator(reads);
    }
}
