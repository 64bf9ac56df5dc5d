package dev.l4lab.echo.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The start-up arithmetic: what fits in the heap and the open-files limit, and messages naming the keys. */
class ResourceBudgetTest {

    private static final long HEAP_128M = 128L * 1024 * 1024;

    /** The HTTP port's defaults (application.properties): h2c with 2 streams of 4 KiB windows and header lists. */
    private static final Optional<ResourceBudget.Http2> H2C = Optional.of(new ResourceBudget.Http2(2, 4096, 4096));
    /** Per stream: 4 KiB body + 4 KiB window + 4 KiB header list, the largest answer and the stream's objects. */
    private static final long STREAM = 3 * 4096 + ResourceBudget.HTTP_LARGEST_ANSWER + ResourceBudget.HTTP2_STREAM_OVERHEAD;

    private static ResourceBudget.Inputs inputs(long heap, long files, Integer maxConnections, int buffer) {
        return new ResourceBudget.Inputs(heap, files, Optional.ofNullable(maxConnections), buffer, 4 * 1024 * 1024,
            128, 4 * 1024, H2C);
    }

    @Test
    void theImageHeapWithTheDefaultsDerivesALimitThatFits() {
        int derived = ResourceBudget.maxConnections(inputs(HEAP_128M, 20_000, null, 32 * 1024));
        long http2Connection = ResourceBudget.HTTP_CONNECTION_OVERHEAD + 2 * STREAM;
        long fixed = ResourceBudget.APPLICATION_RESERVE + 128L * http2Connection
            + 4 * 1024 * 1024 + ResourceBudget.UDP_SEND_BACKLOG + ResourceBudget.UDP_READ_BUFFER;
        long perConnection = 32 * 1024 + ResourceBudget.CONNECTION_OVERHEAD;
        assertEquals((HEAP_128M - fixed) / perConnection, derived);
        assertTrue(derived >= 1800, "the lab's instances take thousands of connections: " + derived);
        assertTrue(fixed + derived * perConnection <= HEAP_128M);
    }

    @Test
    void theOpenFilesLimitCapsTheDerivedLimit() {
        assertEquals(1000 - 64 - 128, ResourceBudget.maxConnections(inputs(HEAP_128M, 1000, null, 16 * 1024)));
        assertEquals(ResourceBudget.MAX_CONNECTIONS_CAP,
            ResourceBudget.maxConnections(inputs(1L << 40, Long.MAX_VALUE, null, 1024)));
    }

    @Test
    void anExplicitLimitThatFitsIsKept() {
        assertEquals(2000, ResourceBudget.maxConnections(inputs(HEAP_128M, 20_000, 2000, 16 * 1024)));
    }

    @Test
    void tenThousandConnectionsOfThirtyTwoKibDoNotFitIn128MibAndTheMessageSaysWhy() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> ResourceBudget.maxConnections(inputs(HEAP_128M, 20_000, 10_000, 32 * 1024)));
        String m = e.getMessage();
        assertTrue(m.contains("echo.limits.max-connections=10000") && m.contains("echo.limits.connection-buffer")
            && m.contains("-Xmx") && m.contains("128 MiB"), m);
        // ... while a smaller buffer lets them fit
        assertEquals(10_000, ResourceBudget.maxConnections(inputs(HEAP_128M, 20_000, 10_000, 2 * 1024)));
    }

    @Test
    void moreConnectionsThanDescriptorsFailNamingTheLimit() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> ResourceBudget.maxConnections(inputs(1L << 34, 1024, 5000, 16 * 1024)));
        assertTrue(e.getMessage().contains("echo.limits.max-connections=5000")
            && e.getMessage().contains("ulimit -n") && e.getMessage().contains("1024"), e.getMessage());
    }

    @Test
    void aHeapTooSmallForTheRestFailsNamingTheHeap() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> ResourceBudget.maxConnections(inputs(32L * 1024 * 1024, 20_000, null, 16 * 1024)));
        assertTrue(e.getMessage().contains("-Xmx"), e.getMessage());
    }

    @Test
    void anUnlimitedAdminPortIsRefused() {
        ResourceBudget.Inputs unlimited = new ResourceBudget.Inputs(HEAP_128M, 20_000, Optional.empty(), 16 * 1024,
            4 * 1024 * 1024, -1, 16 * 1024, H2C);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ResourceBudget.maxConnections(unlimited));
        assertTrue(e.getMessage().contains("quarkus.http.limits.max-connections"), e.getMessage());
    }

    @Test
    void http2StreamsAreCountedPerConnection() {
        ResourceBudget.Inputs http1 = new ResourceBudget.Inputs(HEAP_128M, 20_000, Optional.empty(), 32 * 1024,
            4 * 1024 * 1024, 128, 4 * 1024, Optional.empty());
        int withoutH2c = ResourceBudget.maxConnections(http1);
        int withH2c = ResourceBudget.maxConnections(inputs(HEAP_128M, 20_000, null, 32 * 1024));
        long extra = 128L * (ResourceBudget.HTTP_CONNECTION_OVERHEAD + 2 * STREAM
            - (4 * 1024 + ResourceBudget.HTTP_LARGEST_ANSWER + ResourceBudget.HTTP_CONNECTION_OVERHEAD));
        assertEquals(extra / (32 * 1024 + ResourceBudget.CONNECTION_OVERHEAD), withoutH2c - withH2c, 1,
            "h2c costs exactly its streams: " + withoutH2c + " -> " + withH2c);
    }

    @Test
    void manyHttp2StreamsDoNotFitAndTheMessageNamesTheKeys() {
        ResourceBudget.Inputs thousandStreams = new ResourceBudget.Inputs(HEAP_128M, 20_000, Optional.empty(), 32 * 1024,
            4 * 1024 * 1024, 128, 4 * 1024, Optional.of(new ResourceBudget.Http2(1000, 65_535, 8192)));
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> ResourceBudget.maxConnections(thousandStreams));
        assertTrue(e.getMessage().contains("max-concurrent-streams") && e.getMessage().contains("-Xmx"), e.getMessage());
    }

    @Test
    void unsetHttp2LimitsAreRefusedWhileH2cIsOn() {
        for (ResourceBudget.Http2 h2 : List.of(new ResourceBudget.Http2(-1, 4096, 4096),
                new ResourceBudget.Http2(4, -1, 4096), new ResourceBudget.Http2(4, 4096, -1))) {
            ResourceBudget.Inputs in = new ResourceBudget.Inputs(HEAP_128M, 20_000, Optional.empty(), 32 * 1024,
                4 * 1024 * 1024, 128, 4 * 1024, Optional.of(h2));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ResourceBudget.maxConnections(in));
            assertTrue(e.getMessage().contains("must be set") && e.getMessage().contains("quarkus.http."), e.getMessage());
        }
    }

    @Test
    void theBufferIsSplitSoOneConnectionNeverHoldsMore() {
        ConnectionBuffers b = ConnectionBuffers.of(32 * 1024);
        assertEquals(32 * 1024, b.pauseAt() + b.readChunk());
        assertEquals(16 * 1024, b.readChunk());
        assertEquals(16 * 1024, b.proxyHeader(), "HAProxy's buffer size caps the header");
        assertEquals(2 * 1024, ConnectionBuffers.of(2 * 1024).proxyHeader());
    }

    @Test
    void theOpenFilesLimitIsReadOnLinux() {
        assertTrue(ResourceBudget.openFilesLimit() > 0);
    }
}
