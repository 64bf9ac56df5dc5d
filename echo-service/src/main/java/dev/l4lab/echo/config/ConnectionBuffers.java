package dev.l4lab.echo.config;

/**
 * How one connection's buffer is spent, in bytes. Reading stops while the write queue and the latency hold
 * together reach {@code pauseAt}, and one read adds at most {@code readChunk}; moving held bytes to the write
 * queue or flushing it never adds. So a connection never holds more than pauseAt + readChunk = the configured
 * connection buffer.
 *
 * @param readChunk   the most one read takes from the socket (Netty's receive buffer size): half the buffer
 * @param pauseAt     write queue + latency hold at which reading stops (also the write queue's high-water mark)
 * @param proxyHeader the largest PROXY v2 header accepted (the connection holds nothing else meanwhile)
 */
public record ConnectionBuffers(int readChunk, int pauseAt, int proxyHeader) {

    /** The largest v2 header we accept even with a larger buffer: HAProxy's default buffer size. */
    static final int PROXY_HEADER_CAP = 16 * Bytes.KIB;

    public static ConnectionBuffers of(int connectionBuffer) {
        int half = connectionBuffer / 2;
        return new ConnectionBuffers(half, connectionBuffer - half, Math.min(PROXY_HEADER_CAP, connectionBuffer));
    }
}
