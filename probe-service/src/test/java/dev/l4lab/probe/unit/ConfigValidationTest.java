package dev.l4lab.probe.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.probe.config.ProbeConfig;
import dev.l4lab.probe.config.ProbeConfigValidator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bad configuration is reported with the offending key. */
class ConfigValidationTest {

    record Cfg(List<String> cidrs, Optional<String> token, int maxConcurrent, int timeoutMs) implements ProbeConfig {
        public Policy policy() {
            return new Policy() {
                public List<String> allowedCidrs() {
                    return cidrs;
                }

                public Optional<List<String>> allowedHosts() {
                    return Optional.of(List.of("echo-1", "bad host"));
                }
            };
        }

        public Auth auth() {
            return () -> token;
        }

        public Limits limits() {
            return new Limits() {
                public int maxConcurrent() {
                    return maxConcurrent;
                }

                public int ratePerSecond() {
                    return 20;
                }

                public int burst() {
                    return 40;
                }

                public int maxScanConcurrency() {
                    return 1024;
                }

                public int maxPayloadBytes() {
                    return 4096;
                }

                public int maxChurnConnections() {
                    return 20000;
                }

                public int maxChurnRate() {
                    return 5000;
                }

                public int workerThreads() {
                    return 32;
                }
            };
        }

        public Defaults defaults() {
            return () -> timeoutMs;
        }
    }

    @Test
    void everyProblemNamesItsKey() {
        List<String> problems = ProbeConfigValidator.validate(
                new Cfg(List.of("127.0.0.0/8", "10.0.0.0/40", "not-a-cidr"), Optional.of("short"), 0, 70_000));
        String all = String.join("\n", problems);
        assertEquals(6, problems.size(), all);
        assertTrue(all.contains("probe.policy.allowed-cidrs: '10.0.0.0/40': prefix length must be 0-32"), all);
        assertTrue(all.contains("probe.policy.allowed-cidrs: 'not-a-cidr' is not a CIDR"), all);
        assertTrue(all.contains("probe.policy.allowed-hosts: 'bad host'"), all);
        assertTrue(all.contains("probe.auth.token must be at least 8 characters"), all);
        assertTrue(all.contains("probe.limits.max-concurrent must be between 1 and 10000, got 0"), all);
        assertTrue(all.contains("probe.defaults.timeout-ms must be between 1 and 60000, got 70000"), all);
    }

    @Test
    void theDefaultsAreValid() {
        assertEquals(List.of(), ProbeConfigValidator.validate(
                new Cfg(List.of("127.0.0.0/8", "::1/128", "172.28.0.0/16"), Optional.empty(), 64, 1000))
                .stream().filter(p -> !p.contains("allowed-hosts")).toList());
    }
}
