package dev.l4lab.gateway.ruleset;

import dev.l4lab.gateway.firewall.SecurityGroup;
import dev.l4lab.gateway.impair.LossRule;
import dev.l4lab.gateway.kernel.GatewayInterfaces;
import dev.l4lab.gateway.nat.PortAllocation;
import dev.l4lab.gateway.nat.ResolvedMapping;
import dev.l4lab.gateway.net.Ipv4Cidr;
import java.util.List;
import java.util.Map;

/**
 * Everything the gateway's nftables table holds, as values: rendered by {@link NftScript} into one
 * transaction. {@code policy} is null with the SYSCTL timeout mechanism; {@code createPolicy} says the
 * policy's generation is new; {@code stalePolicies} are older generations to delete; {@code fresh} replaces
 * whatever table of the same name was there; {@code carry} restores counters of rules that stay.
 */
public record RulesetSpec(String table, GatewayInterfaces interfaces, Ipv4Cidr outsideNetwork, Ipv4Cidr labNetwork,
                          int adminPort, SecurityGroup securityGroup, List<ResolvedMapping> mappings,
                          PortAllocation portAllocation, List<LossRule> loss, TimeoutPolicy policy, boolean createPolicy,
                          List<String> stalePolicies, boolean fresh, Map<String, Counter> carry) {
}
