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
                          MemorySize httpMaxBody) {
        Inputs inputs = new Inputs(Runtime.getRuntime().maxMemory(), openFilesLimit(),
            config.limits().maxConnections(), config.limits().connectionBuffer(), config.udp().maxDelayedBytes(),
            httpMaxConnections.orElse(-1), httpMaxBody.asLongValue());
        this.maxConnections = maxConnections(inputs);
        this.buffers = ConnectionBuffers.of(config.limits().connectionBuffer());
        LOG.infof("max-connections %d%s; per connection at most %s buffered + %s of objects; heap %s; open files %s",
            maxConnections, config.limits().maxConnections().isPresent() ? "" : " (derived from the heap and open files)",
            Bytes.text(config.limits().connectionBuffer()), Bytes.text(CONNECTION_OVERHEAD), Bytes.text(inputs.maxHeap()),
            inputs.openFiles() < 0 ? "unknown" : Long.toString(inputs.openFiles()));
    }

    /** The connection limit in force: the configured one after checking it fits, or the derived one. */
    public int maxConnections() {
        return maxConnections;
    }

    public ConnectionBuffers buffers() {
        return buffers;
    }

    /** What the arithmetic needs, in bytes; openFiles is -1 when unknown, httpMaxConnections -1 when unlimited. */
    public record Inputs(long maxHeap, long openFiles, Optional<Integer> maxConnections, int connectionBuffer,
                         int udpDelayedBytes, int httpMaxConnections, long httpMaxBody) {
    }

    /** The limit for these inputs, or an IllegalStateException naming the keys that do not fit. */
    public static int maxConnections(Inputs in) {
        if (in.httpMaxConnections() < 0) {
            throw new IllegalStateException("quarkus.http.limits.max-connections must be set: the admin port's"
                + " connections are part of the memory budget");
        }
        long http = in.httpMaxConnections() * (in.httpMaxBody() + HTTP_CONNECTION_OVERHEAD);
        long fixed = APPLICATION_RESERVE + http + in.udpDelayedBytes() + UDP_SEND_BACKLOG + UDP_READ_BUFFER;
        long perConnection = (long) in.connectionBuffer() + CONNECTION_OVERHEAD;
        long available = in.maxHeap() - fixed;
        String fixedText = Bytes.text(fixed) + " for the rest (" + Bytes.text(APPLICATION_RESERVE) + " application, "
            + Bytes.text(http) + " quarkus.http.limits.max-connections x max-body-size, "
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
