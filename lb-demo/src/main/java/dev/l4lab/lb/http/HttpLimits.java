package dev.l4lab.lb.http;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpDecoderConfig;

/**
 * What one L7 connection may hold, in bytes: the bounds of a message head, of what is buffered per socket, and of
 * the HTTP/2 streams of a connection. The resource plan multiplies them by the connection limit
 * ({@code dev.l4lab.lb.limits.Cost}).
 */
public final class HttpLimits {

    /** Request line (414 beyond it). */
    static final int MAX_REQUEST_LINE = 8 * 1024;
    /** All header lines of a request or a response together (431 / 502 beyond it); HTTP/2: the header list. */
    static final int MAX_HEADER_BLOCK = 16 * 1024;
    /** One read from a socket, and so one piece of a body in flight. */
    static final int MAX_READ = 16 * 1024;
    /** A socket's write queue: reading the other side pauses above the high mark, resumes below the low one. */
    static final WriteBufferWaterMark WRITE_QUEUE = new WriteBufferWaterMark(16 * 1024, 32 * 1024);
    /** A pipelined next request, held unread while the current one is answered; reading pauses beyond it. */
    static final int PIPELINED = 16 * 1024;
    /** Concurrent HTTP/2 streams per client connection (SETTINGS_MAX_CONCURRENT_STREAMS). */
    static final int H2_STREAMS = 16;
    /** HTTP/2 flow-control window per stream (SETTINGS_INITIAL_WINDOW_SIZE): request body bytes a stream holds. */
    static final int H2_WINDOW = 16 * 1024;
    /** Idle kept-alive backend connections per backend per event loop. */
    static final int POOL_IDLE_PER_BACKEND = 128;
    /** An idle kept-alive backend connection is closed after this. */
    static final long POOL_IDLE_MS = 30_000;

    // 16 reads per wake-up as Netty's default for sockets; a shared allocator hands each channel its own handle
    private static final RecvByteBufAllocator READS = new AdaptiveRecvByteBufAllocator(64, 2048, MAX_READ)
            .maxMessagesPerRead(16);

    private HttpLimits() {
    }

    /**
     * The most one exchange holds: the client's and the backend's write queue and one read each, both heads, and a
     * pipelined next request. An h2c stream is an exchange too: each is admitted against the same budget as a request
     * in flight, and its request body is held to the flow-control window.
     */
    public static long bytesPerExchange() {
        return 2L * (WRITE_QUEUE.high() + MAX_READ) + 2L * (MAX_REQUEST_LINE + MAX_HEADER_BLOCK) + PIPELINED;
    }

    /** Both sides of an exchange: bounded reads and write queue. */
    static void applyTo(ChannelConfig config) {
        config.setWriteBufferWaterMark(WRITE_QUEUE);
        config.setRecvByteBufAllocator(READS);
    }

    /**
     * Netty's decoder held to RFC 9112: strict CRLF line endings, one Content-Length, Transfer-Encoding only in
     * HTTP/1.1 and never together with Content-Length.
     */
    static HttpDecoderConfig decoder() {
        return new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_REQUEST_LINE)
                .setMaxHeaderSize(MAX_HEADER_BLOCK)
                .setMaxChunkSize(MAX_READ)
                .setValidateHeaders(true)
                .setStrictLineParsing(true)
                .setAllowDuplicateContentLengths(false)
                .setUseRfc9112TransferEncoding(true);
    }
}
