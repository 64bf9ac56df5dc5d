package dev.l4lab.gateway.firewall;

import dev.l4lab.gateway.net.Ipv4Cidr;
import dev.l4lab.gateway.net.PortRange;
import dev.l4lab.gateway.net.Protocol;

/**
 * One ordered security-group rule. {@code ports} is the port the client addressed (before NAT); null means
 * every port of the protocol (and always for ICMP). {@code id} is stable while the rule exists: counters and
 * DELETE use it.
 */
public record FirewallRule(long id, Protocol protocol, PortRange ports, Ipv4Cidr source, Action action, String description) {

    public FirewallRule withId(long newId) {
        return new FirewallRule(newId, protocol, ports, source, action, description);
    }

    /** A short text for logs and comments: "allow tcp/80 from 0.0.0.0/0". */
    public String summary() {
        return action.text() + " " + protocol.kernelName() + (ports == null ? "" : "/" + ports) + " from " + source;
    }
}
