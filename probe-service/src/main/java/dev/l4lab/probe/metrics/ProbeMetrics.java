package dev.l4lab.probe.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * probe_rpc_calls_total{rpc,outcome} (outcome OK, CANCELLED or the gRPC status of the refusal),
 * probe_rpc_duration_seconds{rpc}, probe_results_total{rpc,state} (one per probe, scanned port or watch
 * sample), probe_stream_dropped_results_total{rpc,reason} (results a stream dropped, and why) and
 * probe_operations_running (slots held).
 */
@ApplicationScoped
public class ProbeMetrics {

    private final MeterRegistry registry;

    public ProbeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** probe_operations_running: concurrency slots held now (work still running, cancelled or not). */
    public void operationsRunning(IntSupplier running) {
        Gauge.builder("probe.operations.running", running, r -> r.getAsInt())
                .description("Probe operations holding a concurrency slot now (until their work has really ended)")
                .strongReference(true) // the supplier is a method reference nothing else holds
                .register(registry);
    }

    public void call(String rpc, String outcome, long startNanos) {
        Counter.builder("probe.rpc.calls").description("Probe API calls by RPC and outcome (OK, CANCELLED or the gRPC status)")
                .tag("rpc", rpc).tag("outcome", outcome).register(registry).increment();
        Timer.builder("probe.rpc.duration").description("Probe API call duration").tag("rpc", rpc)
                .register(registry).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    public void result(String rpc, String state) {
        results(rpc, state, 1);
    }

    public void results(String rpc, String state, long count) {
        if (count > 0) {
            Counter.builder("probe.results").description("Probe results by RPC and port state")
                    .tag("rpc", rpc).tag("state", state).register(registry).increment(count);
        }
    }

    /** A stream ended because its client stopped reading; {@code dropped} results were queued for it. */
    public void streamStalled(String rpc, int dropped) {
        Counter.builder("probe.stream.dropped.results")
                .description("Results a stream dropped: stalled-client (the client read nothing for the stall timeout)")
                .tag("rpc", rpc).tag("reason", "stalled-client").register(registry).increment(dropped);
    }
}
