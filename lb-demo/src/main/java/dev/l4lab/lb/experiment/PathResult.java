package dev.l4lab.lb.experiment;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * What one path did.
 *
 * @param distribution requests per backend instance (the whoami "instance")
 * @param backendsPerConnection distinct backends each client connection reached
 * @param clientAddressSeen what the backends could tell about the client, by {@code clientAddressSource}
 * @param realClient the experiment client's own address(es) (its side of each connection)
 * @param sawRealClient true when the backends saw the real client, not the LB
 */
@RegisterForReflection
public record PathResult(String path, String frontend, String target, int requested, int completed, int failed,
        Map<String, Integer> errors, int connections, Map<String, Integer> distribution,
        Spread backendsPerConnection, String clientAddressSource, Map<String, Integer> clientAddressSeen,
        Map<String, Integer> realClient, boolean sawRealClient, Latency latencyMs) {

    @RegisterForReflection
    public record Spread(double mean, int min, int max) {
    }

    @RegisterForReflection
    public record Latency(double p50, double p99, double max) {
    }
}
