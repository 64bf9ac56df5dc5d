package dev.l4lab.probe.limits;

import static dev.l4lab.probe.input.Limit.Zero.ALLOWED;
import static dev.l4lab.probe.input.Limit.Zero.DEFAULT;
import static dev.l4lab.probe.input.Limit.Zero.REQUIRED;

import dev.l4lab.probe.config.ProbeConfig;
import dev.l4lab.probe.input.Limit;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Every request field's range in one place. The validation uses these objects; the README's limits
 * table and the proto comments state the same values (LimitsDocumentedTest keeps the three together).
 * A @Singleton (no client proxy), because callers read its final fields.
 */
@Singleton
public class Limits {

    public final Limit port = Limit.of("port", 1, 65_535, REQUIRED, 0,
            "TcpProbeRequest.port", "UdpProbeRequest.port", "WatchRequest.port", "ChurnRequest.port");
    public final Limit timeoutMs;
    public final Limit churnTimeoutMs = Limit.of("timeoutMs", 1, 10_000, DEFAULT, 1000, "ChurnRequest.timeout_ms");
    public final Limit readTimeoutMs = Limit.of("readTimeoutMs", 1, 60_000, ALLOWED, 0, "TcpProbeRequest.read_timeout_ms");
    public final Limit maxBannerBytes = Limit.of("maxBannerBytes", 1, 65_536, DEFAULT, 1024,
            "TcpProbeRequest.max_banner_bytes");
    public final Limit send;
    public final Limit payload;
    public final Limit expect = Limit.of("expect", 0, 256, ALLOWED, 0, "TcpProbeRequest.expect", "UdpProbeRequest.expect")
            .counting("characters");
    public final Limit ports = Limit.of("ports", 0, 4096, ALLOWED, 0, "ScanRequest.ports").counting("characters");
    public final Limit tcpScanConcurrency;
    public final Limit udpScanConcurrency;
    public final Limit listPort = Limit.of("port", 1, 65_535, ALLOWED, 0, "ListSocketsRequest.port");
    public final Limit listLimit = Limit.of("limit", 1, 10_000, DEFAULT, 10_000, "ListSocketsRequest.limit");
    public final Limit watchCount = Limit.of("count", 1, 1000, DEFAULT, 5, "WatchRequest.count");
    public final Limit watchIntervalMs = Limit.of("intervalMs", 10, 60_000, DEFAULT, 1000, "WatchRequest.interval_ms");
    public final Limit churnCount;
    public final Limit churnRate;

    public Limits(ProbeConfig config) {
        ProbeConfig.Limits l = config.limits();
        timeoutMs = Limit.of("timeoutMs", 1, 60_000, DEFAULT, 0, "TcpProbeRequest.timeout_ms", "UdpProbeRequest.timeout_ms",
                "ScanRequest.timeout_ms", "WatchRequest.timeout_ms")
                .defaultFrom("probe.defaults.timeout-ms", config.defaults().timeoutMs());
        send = Limit.of("send", 0, 0, ALLOWED, 0, "TcpProbeRequest.send").counting("bytes")
                .maxFrom("probe.limits.max-payload-bytes", l.maxPayloadBytes());
        payload = Limit.of("payload", 0, 0, ALLOWED, 0, "UdpProbeRequest.payload", "ScanRequest.payload",
                "WatchRequest.payload").counting("bytes").maxFrom("probe.limits.max-payload-bytes", l.maxPayloadBytes());
        tcpScanConcurrency = Limit.of("concurrency", 1, 0, DEFAULT, 512, "ScanRequest.concurrency")
                .maxFrom("probe.limits.max-scan-concurrency", l.maxScanConcurrency());
        udpScanConcurrency = Limit.of("concurrency", 1, 0, DEFAULT, 64, "ScanRequest.concurrency")
                .maxFrom("probe.limits.max-scan-concurrency", l.maxScanConcurrency());
        churnCount = Limit.of("count", 1, 0, REQUIRED, 0, "ChurnRequest.count")
                .maxFrom("probe.limits.max-churn-connections", l.maxChurnConnections());
        churnRate = Limit.of("ratePerSecond", 1, 0, DEFAULT, 1000, "ChurnRequest.rate_per_second")
                .maxFrom("probe.limits.max-churn-rate", l.maxChurnRate());
    }

    public List<Limit> all() {
        return List.of(port, timeoutMs, churnTimeoutMs, readTimeoutMs, maxBannerBytes, send, payload, expect, ports,
                tcpScanConcurrency, udpScanConcurrency, listPort, listLimit, watchCount, watchIntervalMs, churnCount,
                churnRate);
    }
}
