package dev.l4lab.echo.faults;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * The active fault plan (body of GET/PUT /faults). All-zero/false/empty means no faults.
 *
 * @param latencyMs      delay added before each echo (TCP chunk or UDP datagram), 0..60000
 * @param jitterMs       extra random delay 0..jitterMs, 0..60000
 * @param udpDropRate    probability a UDP datagram is dropped, 0.0..1.0
 * @param tcpResetRate   probability a TCP echo connection is reset (SO_LINGER 0) on its first data, 0.0..1.0
 * @param refuse         "tcp" and/or "udp": that echo listener is unbound
 * @param blackhole      new echo connections are accepted but never read or answered; UDP echo never answers
 * @param maxConnections extra cap on concurrent TCP connections (null = only echo.limits.max-connections)
 * @param unhealthy      readiness reports DOWN while the listeners keep working
 */
@RegisterForReflection
public record FaultPlan(int latencyMs, int jitterMs, double udpDropRate, double tcpResetRate, List<String> refuse,
                        boolean blackhole, Integer maxConnections, boolean unhealthy) {

    public static final FaultPlan NONE = new FaultPlan(0, 0, 0.0, 0.0, List.of(), false, null, false);

    public FaultPlan {
        refuse = refuse == null ? List.of() : List.copyOf(refuse);
    }

    public boolean refusesTcp() {
        return refuse.contains("tcp");
    }

    public boolean refusesUdp() {
        return refuse.contains("udp");
    }

    public boolean delays() {
        return latencyMs > 0 || jitterMs > 0;
    }
}
