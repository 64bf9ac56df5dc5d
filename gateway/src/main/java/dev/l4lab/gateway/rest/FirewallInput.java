package dev.l4lab.gateway.rest;

import dev.l4lab.gateway.firewall.RuleInput;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** PUT /firewall body. */
@RegisterForReflection
public record FirewallInput(String defaultAction, List<RuleInput> rules) {
}
