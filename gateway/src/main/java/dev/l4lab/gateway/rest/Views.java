package dev.l4lab.gateway.rest;

import dev.l4lab.gateway.firewall.RuleInput;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** The JSON shapes of the REST API (records; Jackson writes them field by field). */
public final class Views {

    private Views() {
    }

    /** GET /firewall: the rules in order with the kernel's counters, and the default action's counter. */
    @RegisterForReflection
    public record FirewallView(String defaultAction, long defaultPackets, long defaultBytes, List<RuleView> rules, int maxRules) {
    }

    /**
     * One rule: {@code port} is the port the client addressed (null: every port), {@code packets} the new
     * connections it matched (the security group sees only a flow's first packet), {@code bytes} their bytes.
     */
    @RegisterForReflection
    public record RuleView(long id, String protocol, String port, String source, String action, String description,
                           long packets, long bytes) {
    }

    /** PUT /firewall body. */
    @RegisterForReflection
    public record FirewallInput(String defaultAction, List<RuleInput> rules) {
    }

    /** GET /nat: where the mappings live and what they lead to, with the connections each translated. */
    @RegisterForReflection
    public record NatView(InterfaceView outside, InterfaceView lab, String portAllocation, List<MappingView> mappings,
                          long masqueradedConnections) {
    }

    @RegisterForReflection
    public record MappingView(String name, String protocol, int port, String outside, String to, String target,
                              long connections) {
    }

    @RegisterForReflection
    public record InterfaceView(String name, int index, String address, String network) {
    }

    /** GET /impairment. */
    @RegisterForReflection
    public record ImpairmentView(List<LossView> loss, int delayMs, int jitterMs, int reorderPercent, NetemView netem) {
    }

    @RegisterForReflection
    public record LossView(String direction, String protocol, double percent, long droppedPackets, long droppedBytes) {
    }

    @RegisterForReflection
    public record NetemView(boolean supported, String detail) {
    }

    /** GET /: what the gateway is and where it stands. */
    @RegisterForReflection
    public record StatusView(String phase, String detail, String netns, String netnsInode, InterfaceView outside,
                             InterfaceView lab, String timeoutMechanism, NetemView netem, String table, long transactions) {
    }

    /** DELETE /conntrack. */
    @RegisterForReflection
    public record FlushView(long deleted) {
    }
}
