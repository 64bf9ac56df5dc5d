package dev.l4lab.gateway.impair;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** PUT /impairment body. Missing numbers mean 0 (off). */
@RegisterForReflection
public record ImpairmentInput(List<LossInput> loss, Integer delayMs, Integer jitterMs, Integer reorderPercent) {

    /** One loss rule as written: direction inbound|outbound|both, protocol tcp|udp|icmp|all, percent (0, 100]. */
    @RegisterForReflection
    public record LossInput(String direction, String protocol, Double percent) {
    }
}
