package dev.l4lab.echo.config;

import static dev.l4lab.echo.config.Bytes.KIB;
import static dev.l4lab.echo.config.Bytes.MIB;

import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The memory and descriptor arithmetic of the service, checked once at start-up (see the README's
 * "Resource arithmetic"): every TCP connection may hold {@code echo.limits.connection-buffer} bytes plus
 * the objects that make it a connection, so {@code max-connections} of them, the HTTP port at its limits
 * and the UDP backlog must fit in the heap, and one descriptor per connection must fit in the open-files
 * limit. A configuration that does not fit fails start-up naming the keys; an unset max-connections is
 * derived from what fits.
 */
@ApplicationScoped
public class ResourceBudget {

    /** Netty channel, pipeline, Vert.x socket and echo's own objects per TCP connection (measured: ~3 KiB). */
    public static final int CONNECTION_OVERHEAD = 4 * KIB;
    /** Heap for everything that does not grow with connections: Quarkus, REST, metrics, start-up garbage. */
    public static final long APPLICATION_RESERVE = 32L * MIB;
    /** Per HTTP connection on the admin port, besides the request body it may send. */
    public static final int HTTP_CONNECTION_OVERHEAD = 16 * KIB;
    /**
     * The largest answer of the HTTP port, which a client that never reads keeps pinned: the metrics scrape
     * (about 60 KiB; Http2PortTest checks it stays below this). Once per HTTP/1.1 connection, once per HTTP/2 stream.
     */
    public static final int HTTP_LARGEST_ANSWER = 64 * KIB;
    /** Per open HTTP/2 stream, besides its body, its unread window, its header list and its answer. */
    public static final int HTTP2_STREAM_OVERHEAD = 4 * KIB;
    /** UDP replies queued in the socket at once before more are dropped. */
    public static final int UDP_SEND_BACKLOG = MIB;
    /** One UDP read buffer (SO_RCVBUF and Netty's per-read buffer): larger than the largest datagram. */
    public static final int UDP_READ_BUFFER = 256 * KIB;
    /** Descriptors that are not TCP connections: listeners, the JVM's jars, epoll, logs. */
    public static final int DESCRIPTOR_RESERVE = 64;
    /** The most the derived limit ever is (and the largest value max-connections accepts). */
    public static final int MAX_CONNECTIONS_CAP = 1_000_000;

    private static final Logger LOG = Logger.getLogger(ResourceBudget.class);

    private final int maxConnections;
    private final ConnectionBuffers buffers;

    public ResourceBudget(EchoConfig config,
                          @ConfigProperty(name = "quarkus.http.limits.max-connections") Optional<Integer> httpMaxConnections,
                          @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
                          MemorySize httpMaxBody,
                          @ConfigProperty(name = "quarkus.http.http2", defaultValue = "true") boolean http2,
                          @ConfigProperty(name = "quarkus.http.limits.max-concurrent-streams") Optional<Long> http2Streams,
                          @ConfigProperty(name = "quarkus.http.initial-window-size") Optional<Integer> http2Window,
                          @ConfigProperty(name = "quarkus.http.limits.max-header-list-size") Optional<Long> http2HeaderList) {
        Inputs inputs = new Inputs(Runtime.getRuntime().maxMemory(), openFilesLimit(),
            config.limits().maxConnections(), config.limits().connectionBuffer(), config.udp().maxDelayedBytes(),
            httpMaxConnections.orElse(-1), httpMaxBody.asLongValue(), http2 ? Optional.of(new Http2(http2Streams.orElse(-1L),
                http2Window.orElse(-1), http2HeaderList.orElse(-1L))) : Optional.empty());
        this.maxConnections = maxConnections(inputs);
        this.buffers = ConnectionBuffers.of(config.limits().connectionBuffer());
        LOG.infof("max-connections %d%s; per connection at most %s buffered + %s of objects; HTTP port %d x %s%s;"
            + " heap %s; open files %s",
            maxConnections, config.limits().maxConnections().isPresent() ? "" : " (derived from the heap and open files)",
            Bytes.text(config.limits().connectionBuffer()), Bytes.text(CONNECTION_OVERHEAD), inputs.httpMaxConnections(),
            Bytes.text(httpPerConnection(inputs)), http2 ? " (h2c on)" : "", Bytes.text(inputs.maxHeap()),
            inputs.openFiles() < 0 ? "unknown" : Long.toString(inputs.openFiles()));
    }

    /** The connection limit in force: the configured one after checking it fits, or the derived one. */
    public int maxConnections() {
        return maxConnections;
    }

    public ConnectionBuffers buffers() {
        return buffers;
    }

    /**
     * What the arithmetic needs, in bytes; openFiles is -1 when unknown, httpMaxConnections -1 when unlimited,
     * http2 empty when the HTTP port speaks HTTP/1.1 only.
     */
    public record Inputs(long maxHeap, long openFiles, Optional<Integer> maxConnections, int connectionBuffer,
                         int udpDelayedBytes, int httpMaxConnections, long httpMaxBody, Optional<Http2> http2) {
    }

    /** The HTTP port's HTTP/2 settings (h2c); -1 where unset, which Vert.x would leave unlimited or large. */
    public record Http2(long maxConcurrentStreams, int initialWindowSize, long maxHeaderListSize) {
    }

    /**
     * What one connection of the HTTP port may hold: an HTTP/1.1 one its request body and one answer; an HTTP/2
     * one, per open stream, its body, the part of its window not yet read, its header list, its answer and
     * {@link #HTTP2_STREAM_OVERHEAD}.
     */
    static long httpPerConnection(Inputs in) {
        long http1 = in.httpMaxBody() + HTTP_LARGEST_ANSWER + HTTP_CONNECTION_OVERHEAD;
        if (in.http2().isEmpty()) {
            return http1;
        }
        Http2 h2 = in.http2().get();
        requireSet("quarkus.http.limits.max-concurrent-streams", h2.maxConcurrentStreams());
        requireSet("quarkus.http.initial-window-size", h2.initialWindowSize());
        requireSet("quarkus.http.limits.max-header-list-size", h2.maxHeaderListSize());
        long perStream = in.httpMaxBody() + h2.initialWindowSize() + h2.maxHeaderListSize() + HTTP_LARGEST_ANSWER
            + HTTP2_STREAM_OVERHEAD;
        return Math.max(http1, HTTP_CONNECTION_OVERHEAD + h2.maxConcurrentStreams() * perStream);
    }

    private static void requireSet(String key, long value) {
        if (value < 1) {
            throw new IllegalStateException(key + " must be set (at least 1) while quarkus.http.http2 is on: every"
                + " HTTP/2 stream the HTTP port allows is part of the memory budget");
        }
    }

    /** The limit for these inputs, or an IllegalStateException naming the keys that do not fit. */
    public static int maxConnections(Inputs in) {
        if (in.httpMaxConnections() < 0) {
            throw new IllegalStateException("quarkus.http.limits.max-connections must be set: the admin port's"
                + " connections are part of the memory budget");
        }
        long http = in.httpMaxConnections() * httpPerConnection(in);
        long fixed = APPLICATION_RESERVE + http + in.udpDelayedBytes() + UDP_SEND_BACKLOG + UDP_READ_BUFFER;
        long perConnection = (long) in.connectionBuffer() + CONNECTION_OVERHEAD;
        long available = in.maxHeap() - fixed;
        String fixedText = Bytes.text(fixed) + " for the rest (" + Bytes.text(APPLICATION_RESERVE) + " application, "
            + Bytes.text(http) + " quarkus.http.limits.max-connections x (max-body-size"
            + (in.http2().isPresent() ? " + HTTP/2 max-concurrent-streams x stream" : "") + "), "
            + Bytes.text(in.udpDelayedBytes() + UDP_SEND_BACKLOG + UDP_READ_BUFFER) + " UDP with echo.udp.max-delayed-bytes)";
        if (available < perConnection) {
            throw new IllegalStateException("the heap (" + Bytes.text(in.maxHeap()) + ", -Xmx) is too small: "
                + fixedText + " leaves no room for one TCP connection of " + Bytes.text(perConnection));
        }
        long byHeap = available / perConnection;
        long byFiles = in.openFiles() < 0 ? Long.MAX_VALUE
            : in.openFiles() - DESCRIPTOR_RESERVE - Math.max(0, in.httpMaxConnections());
        if (in.maxConnections().isEmpty()) {
            long derived = Math.min(MAX_CONNECTIONS_CAP, Math.min(byHeap, byFiles));
            if (derived < 1) {
                throw new IllegalStateException("the open-files limit (ulimit -n " + in.openFiles() + ") leaves no"
                    + " descriptor for a TCP connection after " + DESCRIPTOR_RESERVE + " reserved and "
                    + in.httpMaxConnections() + " for quarkus.http.limits.max-connections");
            }
            return (int) derived;
        }
        int wanted = in.maxConnections().get();
        if (wanted > byHeap) {
            throw new IllegalStateException("echo.limits.max-connections=" + wanted + " x (echo.limits.connection-buffer="
                + Bytes.text(in.connectionBuffer()) + " + " + Bytes.text(CONNECTION_OVERHEAD) + " per connection) = "
                + Bytes.text(wanted * perConnection) + " does not fit in the heap: " + Bytes.text(in.maxHeap())
                + " (-Xmx) minus " + fixedText + " leaves room for " + byHeap + " connections."
                + " Lower echo.limits.max-connections or echo.limits.connection-buffer, or raise -Xmx");
        }
        if (wanted > byFiles) {
            throw new IllegalStateException("echo.limits.max-connections=" + wanted + " needs " + wanted + " descriptors"
                + " plus " + (DESCRIPTOR_RESERVE + in.httpMaxConnections()) + " reserved (listeners, files and"
                + " quarkus.http.limits.max-connections), more than the open-files limit (ulimit -n) of "
                + in.openFiles() + ". Lower echo.limits.max-connections to at most " + byFiles + " or raise the limit");
        }
        return wanted;
    }

    /**
     * The soft RLIMIT_NOFILE (the JVM raises it to the hard limit at start on Linux), from /proc/self/limits;
     * -1 where that file does not exist.
     */
    public static long openFilesLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] words = line.substring("Max open files".length()).trim().split("\\s+");
                    return "unlimited".equals(words[0]) ? Long.MAX_VALUE : Long.parseLong(words[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf("open-files limit unknown: %s", e.toString());
        }
        return -1;
    }
}
