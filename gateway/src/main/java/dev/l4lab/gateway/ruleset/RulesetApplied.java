package dev.l4lab.gateway.ruleset;

import dev.l4lab.gateway.firewall.FirewallRule;
import dev.l4lab.gateway.impair.LossRule;
import dev.l4lab.gateway.nat.ResolvedMapping;
import java.util.List;

/** CDI event: a new rule set is in force (metrics follow the rules, mappings and loss rules it holds). */
public record RulesetApplied(List<FirewallRule> rules, List<ResolvedMapping> mappings, List<LossRule> loss) {
}
