package dev.l4lab.echo.faults;

import dev.l4lab.echo.api.ApiException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The active fault plan (body of GET/PUT /faults). All-zero/false/empty means no faults; a missing or null
 * field means "no fault" for it.
 *
 * @param latencyMs      delay added before each echo (TCP chunk or UDP datagram), 0..60000
 * @param jitterMs       extra random delay 0..jitterMs, 0..60000
 * @param udpDropRate    probability a UDP datagram is dropped, 0.0..1.0
 * @param tcpResetRate   probability a TCP echo connection is reset (SO_LINGER 0) on its first data, 0.0..1.0
 * @param refuse         "tcp" and/or "udp": that echo listener is unbound
 * @param blackhole      new echo connections are accepted but never read or answered; UDP echo never answers
 * @param maxConnections extra cap on concurrent TCP connections, 0..1000000 (null = only the configured limit)
 * @param unhealthy      readiness reports DOWN while the listeners keep working
 */
@RegisterForReflection
public record FaultPlan(int latencyMs, int jitterMs, double udpDropRate, double tcpResetRate, List<Protocol> refuse,
                        boolean blackhole, Integer maxConnections, boolean unhealthy) {

    public static final int MAX_DELAY_MS = 60_000;
    public static final int MAX_CONNECTIONS = 1_000_000;
    public static final FaultPlan NONE = new FaultPlan(0, 0, 0.0, 0.0, List.of(), false, null, false);

    public FaultPlan {
        // Keeps a null element (JSON [null]) for checked() to reject; List.copyOf would throw instead.
        refuse = refuse == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(new LinkedHashSet<>(refuse)));
    }

    /** This plan if every value is in range, else a 400 naming the first field that is not. */
    public FaultPlan checked() {
        range("latencyMs", latencyMs, MAX_DELAY_MS);
        range("jitterMs", jitterMs, MAX_DELAY_MS);
        rate("udpDropRate", udpDropRate);
        rate("tcpResetRate", tcpResetRate);
        for (Protocol p : refuse) {
            if (p == null) {
                throw ApiException.badRequest("refuse", "refuse must list \"tcp\" and/or \"udp\", not null");
            }
        }
        if (maxConnections != null) {
            range("maxConnections", maxConnections, MAX_CONNECTIONS);
        }
        return this;
    }

    public boolean refuses(Protocol protocol) {
        return refuse.contains(protocol);
    }

    public boolean delays() {
        return latencyMs > 0 || jitterMs > 0;
    }

    private static void range(String field, int value, int max) {
        if (value < 0 || value > max) {
            throw ApiException.badRequest(field, field + " must be a whole number 0.." + max);
        }
    }

    private static void rate(String field, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw ApiException.badRequest(field, field + " must be a number 0.0..1.0");
        }
    }
}
