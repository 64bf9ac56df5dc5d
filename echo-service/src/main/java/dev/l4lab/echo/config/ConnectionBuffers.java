package dev.l4lab.echo.config;

/**
 * How one connection's buffer is spent, in bytes. Reading stops while the write queue is above its mark or
 * the latency hold is full, and each read adds at most one read chunk to one of them, so a connection never
 * holds more than writeQueue + latencyHold + 2 x readChunk = the configured connection buffer.
 *
 * @param readChunk   the most one read takes from the socket (Netty's receive buffer size)
 * @param writeQueue  the write queue's high-water mark (reading stops above it, resumes below half)
 * @param latencyHold bytes held back by the latency fault before reading stops
 * @param proxyHeader the largest PROXY v2 header accepted (the connection holds nothing else meanwhile)
 */
public record ConnectionBuffers(int readChunk, int writeQueue, int latencyHold, int proxyHeader) {

    /** The largest v2 header we accept even with a larger buffer: HAProxy's default buffer size. */
    static final int PROXY_HEADER_CAP = 16 * Bytes.KIB;

    public static ConnectionBuffers of(int connectionBuffer) {
        int quarter = connectionBuffer / 4;
        return new ConnectionBuffers(quarter, quarter, quarter, Math.min(PROXY_HEADER_CAP, connectionBuffer));
    }
}
