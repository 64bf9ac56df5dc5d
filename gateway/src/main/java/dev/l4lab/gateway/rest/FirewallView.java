package dev.l4lab.gateway.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** GET /firewall: the rules in order with the kernel's counters, and the default action's counter. */
@RegisterForReflection
public record FirewallView(String defaultAction, long defaultPackets, long defaultBytes, List<RuleView> rules, int maxRules) {
}
