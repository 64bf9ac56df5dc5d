package dev.l4lab.gateway.firewall;

import java.util.List;

/** The whole rule set: ordered rules (first match wins) and what happens to a connection none matches. */
public record SecurityGroup(Action defaultAction, List<FirewallRule> rules) {

    public SecurityGroup {
        rules = List.copyOf(rules);
    }
}
