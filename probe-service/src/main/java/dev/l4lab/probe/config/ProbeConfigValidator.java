package dev.l4lab.probe.config;

import dev.l4lab.probe.policy.Cidr;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;

/** Fails start-up with a message naming every bad key (no hibernate-validator needed). */
@ApplicationScoped
public class ProbeConfigValidator {

    void onStart(@Observes StartupEvent event, ProbeConfig config) {
        List<String> problems = validate(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid probe-service configuration: " + String.join("; ", problems));
        }
    }

    public static List<String> validate(ProbeConfig config) {
        List<String> problems = new ArrayList<>();
        for (String cidr : config.policy().allowedCidrs()) {
            try {
                Cidr.parse(cidr);
            } catch (IllegalArgumentException e) {
                problems.add("probe.policy.allowed-cidrs: " + e.getMessage());
            }
        }
        config.policy().allowedHosts().ifPresent(hosts -> hosts.forEach(h -> {
            if (h.isBlank() || h.contains("/") || h.contains(" ")) {
                problems.add("probe.policy.allowed-hosts: '" + h + "' is not a host name or *.suffix pattern");
            }
        }));
        config.auth().token().ifPresent(t -> {
            if (t.isBlank() || t.length() < 8) {
                problems.add("probe.auth.token must be at least 8 characters when set");
            }
        });
        ProbeConfig.Limits l = config.limits();
        range(problems, "probe.limits.max-concurrent", l.maxConcurrent(), 1, 10_000);
        range(problems, "probe.limits.rate-per-second", l.ratePerSecond(), 1, 100_000);
        range(problems, "probe.limits.burst", l.burst(), 1, 100_000);
        range(problems, "probe.limits.max-scan-concurrency", l.maxScanConcurrency(), 1, 8192);
        range(problems, "probe.limits.max-payload-bytes", l.maxPayloadBytes(), 1, 65_507);
        range(problems, "probe.limits.max-churn-connections", l.maxChurnConnections(), 1, 20_000);
        range(problems, "probe.limits.max-churn-rate", l.maxChurnRate(), 1, 50_000);
        range(problems, "probe.limits.worker-threads", l.workerThreads(), 1, 1024);
        range(problems, "probe.defaults.timeout-ms", config.defaults().timeoutMs(), 1, 60_000);
        return problems;
    }

    private static void range(List<String> problems, String key, int value, int min, int max) {
        if (value < min || value > max) {
            problems.add(key + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
