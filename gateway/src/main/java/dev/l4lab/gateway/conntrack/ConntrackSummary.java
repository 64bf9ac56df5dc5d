package dev.l4lab.gateway.conntrack;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * GET /conntrack/summary: the table's size against its limit, entries per protocol and per TCP state, and
 * the kernel's own statistics (insert_failed, drop, early_drop say "table full").
 */
@RegisterForReflection
public record ConntrackSummary(long count, long max, Map<String, Integer> byProtocol, Map<String, Integer> byTcpState,
                               Map<String, Long> kernelStats, boolean complete) {
}
