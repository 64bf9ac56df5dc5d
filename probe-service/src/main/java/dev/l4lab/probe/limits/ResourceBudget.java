package dev.l4lab.probe.limits;

import dev.l4lab.probe.config.ProbeConfig;
import dev.l4lab.probe.exec.BlockingExecutor;
import java.util.ArrayList;
import java.util.List;

/**
 * The worst case of what the limits allow, in heap bytes and file descriptors, checked at start-up
 * against the heap and RLIMIT_NOFILE the service really has. The README's "Resource arithmetic"
 * section explains each term; the per-operation figures are upper estimates of the objects involved
 * (measured with the hostile-client suite's heap readings), not guesses of typical use.
 */
public record ResourceBudget(long heapBytes, long fileDescriptors, String heapTerms, String fdTerms) {

    /**
     * Live heap of the idle service (Quarkus, Vert.x, gRPC, classes' static data): 13 MiB measured after a full
     * GC with the image's flags, once every kind of call had run; twice that, for what warm caches add.
     */
    static final long BASELINE_HEAP = 24L << 20;
    /** One ListSockets answer of at most 10000 rows, as objects and as JSON; listings run one at a time. */
    static final long LARGEST_LISTING = 10_000L * 1024;
    /**
     * Largest single result of a unary call: a 64 KiB banner or UDP reply held as bytes, as escaped text
     * (up to 4 chars a byte) and once more as JSON (base64 plus escaped text) while it is written.
     */
    static final long LARGEST_RESULT = 1L << 20;
    /** One streamed event (PortResult or WatchSample) as objects, queued or in flight. */
    static final long EVENT_BYTES = 160;
    /** A Scan's summary when every one of 65535 ports is open: ints, protobuf bytes and JSON text. */
    static final long LARGEST_SUMMARY = 65_535L * 16;
    /** Selector fds (epoll plus its wake-up pipe) per sweep lane, and the lanes one scan may run. */
    static final int FDS_PER_SELECTOR = 3;
    static final int LANES_PER_SCAN = BlockingExecutor.MAX_LANES;
    /** Descriptors outside probing: jars, logs, listeners, Vert.x event loops, /proc reads. */
    static final int FD_RESERVE = 256;

    public static ResourceBudget of(ProbeConfig config, int httpConnections) {
        ProbeConfig.Limits l = config.limits();
        long perStream = l.streamBufferBytes() + l.maxScanConcurrency() * EVENT_BYTES + LARGEST_SUMMARY;
        long perOperation = Math.max(LARGEST_RESULT, perStream);
        long heap = BASELINE_HEAP + LARGEST_LISTING + l.maxConcurrent() * perOperation;
        String heapTerms = "baseline " + mib(BASELINE_HEAP) + " + one socket listing " + mib(LARGEST_LISTING)
                + " + probe.limits.max-concurrent (" + l.maxConcurrent()
                + ") x max(largest result " + mib(LARGEST_RESULT) + ", stream: probe.limits.stream-buffer-bytes ("
                + l.streamBufferBytes() + ") + probe.limits.max-scan-concurrency (" + l.maxScanConcurrency() + ") x "
                + EVENT_BYTES + " B in flight + largest summary " + mib(LARGEST_SUMMARY) + ") = " + mib(heap);
        long fds = (long) l.maxScanSockets() + (long) l.maxConcurrent() * LANES_PER_SCAN * FDS_PER_SELECTOR
                + httpConnections + FD_RESERVE;
        String fdTerms = "probe.limits.max-scan-sockets (" + l.maxScanSockets() + ") + probe.limits.max-concurrent ("
                + l.maxConcurrent() + ") x " + LANES_PER_SCAN + " selectors x " + FDS_PER_SELECTOR
                + " + quarkus.http.limits.max-connections (" + httpConnections + ") + reserve " + FD_RESERVE + " = " + fds;
        return new ResourceBudget(heap, fds, heapTerms, fdTerms);
    }

    /** What does not fit, naming the keys to change; empty when everything fits. */
    public List<String> problems(long maxHeap, long openFilesSoftLimit) {
        List<String> problems = new ArrayList<>();
        if (heapBytes > maxHeap) {
            problems.add("the limits need up to " + mib(heapBytes) + " of heap but -Xmx is " + mib(maxHeap) + " ("
                    + heapTerms + "): lower probe.limits.max-concurrent, probe.limits.stream-buffer-bytes or "
                    + "probe.limits.max-scan-concurrency, or give the JVM more heap");
        }
        if (openFilesSoftLimit > 0 && fileDescriptors > openFilesSoftLimit) {
            problems.add("the limits need up to " + fileDescriptors + " file descriptors but the open-files limit is "
                    + openFilesSoftLimit + " (" + fdTerms + "): lower probe.limits.max-scan-sockets or "
                    + "probe.limits.max-concurrent, or raise ulimit -n");
        }
        return problems;
    }

    static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
