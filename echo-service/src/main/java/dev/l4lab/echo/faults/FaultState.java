package dev.l4lab.echo.faults;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ThreadLocalRandom;

/** Holds the current fault plan; read on every connection/datagram, replaced by the REST API. */
@ApplicationScoped
public class FaultState {

    private volatile FaultPlan plan = FaultPlan.NONE;

    public FaultPlan plan() {
        return plan;
    }

    public void replace(FaultPlan next) {
        this.plan = next;
    }

    /** latency + uniform jitter for one echo, in ms (0 when no latency is planned). */
    public static long delayMs(FaultPlan p) {
        long jitter = p.jitterMs() > 0 ? ThreadLocalRandom.current().nextLong(p.jitterMs() + 1L) : 0;
        return p.latencyMs() + jitter;
    }

    public static boolean roll(double rate) {
        return rate > 0 && (rate >= 1.0 || ThreadLocalRandom.current().nextDouble() < rate);
    }
}
