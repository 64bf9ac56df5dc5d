package dev.l4lab.probe.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/**
 * probe_rpc_calls_total{rpc,outcome}, probe_rpc_duration_seconds{rpc} and
 * probe_results_total{rpc,state} (one per probe / scanned port / watch sample).
 */
@ApplicationScoped
public class ProbeMetrics {

    private final MeterRegistry registry;

    public ProbeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void call(String rpc, String outcome, long startNanos) {
        Counter.builder("probe.rpc.calls").description("Probe API calls by RPC and outcome (OK or the gRPC status)")
                .tag("rpc", rpc).tag("outcome", outcome).register(registry).increment();
        Timer.builder("probe.rpc.duration").description("Probe API call duration").tag("rpc", rpc)
                .register(registry).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    public void result(String rpc, String state) {
        Counter.builder("probe.results").description("Probe results by RPC and port state")
                .tag("rpc", rpc).tag("state", state).register(registry).increment();
    }

    public void results(String rpc, String state, long count) {
        if (count > 0) {
            Counter.builder("probe.results").description("Probe results by RPC and port state")
                    .tag("rpc", rpc).tag("state", state).register(registry).increment(count);
        }
    }
}
