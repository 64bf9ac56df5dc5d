package dev.l4lab.probe.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** probe-service configuration (prefix "probe"). Checked at start-up by {@link ProbeConfigValidator}. */
@ConfigMapping(prefix = "probe")
public interface ProbeConfig {

    Policy policy();

    Auth auth();

    Limits limits();

    Defaults defaults();

    interface Policy {
        /** Targets whose every resolved address is inside one of these CIDRs are allowed. */
        @WithDefault("127.0.0.0/8,::1/128,172.28.0.0/16")
        List<String> allowedCidrs();

        /** Host names (exact, or "*.suffix") allowed whatever they resolve to, except link-local. */
        Optional<List<String>> allowedHosts();
    }

    interface Auth {
        /** When set, every probe call needs "Authorization: Bearer <token>" (gRPC metadata or HTTP header). */
        Optional<String> token();
    }

    interface Limits {
        /** Probe operations running at once, over all clients (a Scan or Watch counts as one). */
        @WithDefault("64")
        int maxConcurrent();

        /** Calls per second per client address (token bucket refill rate). */
        @WithDefault("20")
        int ratePerSecond();

        /** Token bucket size per client address. */
        @WithDefault("40")
        int burst();

        /** Upper bound for ScanRequest.concurrency. */
        @WithDefault("1024")
        int maxScanConcurrency();

        /** Upper bound for payload / send sizes in bytes. */
        @WithDefault("4096")
        int maxPayloadBytes();

        /** Upper bound for ChurnRequest.count. */
        @WithDefault("20000")
        int maxChurnConnections();

        /** Upper bound for ChurnRequest.ratePerSecond. */
        @WithDefault("5000")
        int maxChurnRate();

        /** Threads for blocking work (UDP probes, DNS, /proc, churn). */
        @WithDefault("32")
        int workerThreads();
    }

    interface Defaults {
        /** Timeout used when a request leaves timeoutMs at 0. */
        @WithDefault("1000")
        int timeoutMs();
    }
}
