package dev.l4lab.gateway.ruleset;

import dev.l4lab.gateway.firewall.Action;
import dev.l4lab.gateway.firewall.FirewallRule;
import dev.l4lab.gateway.impair.Direction;
import dev.l4lab.gateway.impair.LossRule;
import dev.l4lab.gateway.kernel.NetInterface;
import dev.l4lab.gateway.nat.PortAllocation;
import dev.l4lab.gateway.nat.ResolvedMapping;
import dev.l4lab.gateway.net.Protocol;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Renders a {@link RulesetSpec} into one nft script, applied with "nft -f -" as a single kernel transaction:
 * every chain is declared, flushed and refilled, so the kernel switches from the old rule set to the new one
 * at once or, if it refuses any line, keeps the old one whole.
 *
 * <p>The chains, in the order a packet meets them:
 * <ul>
 *   <li>{@code no-track}/{@code no-track-local} (raw): loopback is not tracked, so the container's own health
 *       checks do not fill the conntrack table the lab reads;</li>
 *   <li>{@code conntrack-policy} (prerouting, after conntrack): timeout policies for new flows (POLICY mode);</li>
 *   <li>{@code port-mapping} (nat prerouting): DNAT of the outside address's mapped ports;</li>
 *   <li>{@code link-loss} (forward, before the filter): the impaired link's random loss;</li>
 *   <li>{@code input}/{@code forward} (filter, policy drop): INVALID dropped, ESTABLISHED,RELATED pass, new
 *       connections from outside go through {@code security-group}; the admin port is closed to outside;</li>
 *   <li>{@code security-group}: the ordered rules on the port the client addressed (ct original proto-dst);</li>
 *   <li>{@code source-nat} (nat postrouting): MASQUERADE of mapped flows on the lab side;</li>
 *   <li>{@code output} (filter, policy drop): the gateway itself may only talk to its two networks.</li>
 * </ul>
 * Every counted rule carries a unique comment ("sg:7", "map:web", "drop:invalid-input") by which
 * {@link NftCounters} reads its counter back.
 */
public final class NftScript {

    static final List<String> CHAINS = List.of("no-track", "no-track-local", "conntrack-policy", "port-mapping", "link-loss", "input", "forward",
            "security-group", "source-nat", "output");
    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.@-]{1,15}");

    private NftScript() {
    }

    public static String render(RulesetSpec s) {
        NetInterface out = s.interfaces().outside();
        NetInterface lab = s.interfaces().lab();
        checkName(out.name());
        checkName(lab.name());
        String t = "ip " + s.table();
        StringBuilder b = new StringBuilder(4096);
        b.append("add table ").append(t).append('\n');
        if (s.fresh()) {
            b.append("delete table ").append(t).append('\n');
            b.append("add table ").append(t).append('\n');
        }
        b.append("add chain ").append(t).append(" no-track { type filter hook prerouting priority raw; policy accept; }\n");
        b.append("add chain ").append(t).append(" no-track-local { type filter hook output priority raw; policy accept; }\n");
        b.append("add chain ").append(t).append(" conntrack-policy { type filter hook prerouting priority mangle; policy accept; }\n");
        b.append("add chain ").append(t).append(" port-mapping { type nat hook prerouting priority dstnat; policy accept; }\n");
        b.append("add chain ").append(t).append(" link-loss { type filter hook forward priority -10; policy accept; }\n");
        b.append("add chain ").append(t).append(" input { type filter hook input priority filter; policy drop; }\n");
        b.append("add chain ").append(t).append(" forward { type filter hook forward priority filter; policy drop; }\n");
        b.append("add chain ").append(t).append(" security-group\n");
        b.append("add chain ").append(t).append(" source-nat { type nat hook postrouting priority srcnat; policy accept; }\n");
        b.append("add chain ").append(t).append(" output { type filter hook output priority filter; policy drop; }\n");
        for (String chain : CHAINS) {
            b.append("flush chain ").append(t).append(' ').append(chain).append('\n');
        }
        Rules r = new Rules(b, t, s);
        r.plain("no-track", "iifname \"lo\" notrack");
        r.plain("no-track-local", "oifname \"lo\" notrack");
        TimeoutPolicy p = s.policy();
        if (p != null) {
            if (s.createPolicy()) {
                b.append("add ct timeout ").append(t).append(' ').append(p.tcpName())
                        .append(" { protocol tcp; l3proto ip; policy = { established: ").append(p.tcpEstablished()).append(" }; }\n");
                b.append("add ct timeout ").append(t).append(' ').append(p.udpName())
                        .append(" { protocol udp; l3proto ip; policy = { unreplied: ").append(p.udpUnreplied())
                        .append(", replied: ").append(p.udpReplied()).append(" }; }\n");
            }
            r.plain("conntrack-policy", "meta l4proto tcp ct timeout set \"" + p.tcpName() + "\"");
            r.plain("conntrack-policy", "meta l4proto udp ct timeout set \"" + p.udpName() + "\"");
        }
        for (ResolvedMapping m : s.mappings()) {
            r.counted("port-mapping", "iifname \"" + out.name() + "\" ip daddr " + out.address() + " "
                    + m.mapping().protocol().kernelName() + " dport " + m.mapping().port(),
                    "dnat to " + m.targetAddress() + ":" + m.mapping().targetPort(), "map:" + m.mapping().name());
        }
        for (LossRule l : s.loss()) {
            for (Direction d : l.direction() == Direction.BOTH ? List.of(Direction.INBOUND, Direction.OUTBOUND) : List.of(l.direction())) {
                String from = d == Direction.INBOUND ? out.name() : lab.name();
                String to = d == Direction.INBOUND ? lab.name() : out.name();
                r.counted("link-loss", "iifname \"" + from + "\" oifname \"" + to + "\""
                        + (l.protocol() == null ? "" : " meta l4proto " + l.protocol().kernelName())
                        + " numgen random mod 10000 < " + l.basisPoints(), "drop", lossKey(d, l));
            }
        }
        r.plain("input", "iifname \"lo\" accept");
        r.counted("input", "ct state invalid", "drop", "drop:invalid-input");
        r.plain("input", "ct state established,related accept");
        r.plain("input", "iifname \"" + lab.name() + "\" ip saddr " + s.labNetwork() + " tcp dport " + s.adminPort() + " accept comment \"admin\"");
        r.plain("input", "iifname \"" + lab.name() + "\" icmp type echo-request accept");
        r.counted("input", "iifname \"" + out.name() + "\" tcp dport " + s.adminPort(), "drop", "drop:admin-from-outside");
        r.plain("input", "iifname \"" + out.name() + "\" jump security-group");
        r.counted("input", "", "drop", "drop:input-other");
        r.counted("forward", "ct state invalid", "drop", "drop:invalid-forward");
        r.plain("forward", "ct state established,related accept");
        r.plain("forward", "iifname \"" + out.name() + "\" oifname \"" + lab.name() + "\" ct status dnat jump security-group");
        r.counted("forward", "", "drop", "drop:forward-other");
        for (FirewallRule rule : s.securityGroup().rules()) {
            r.counted("security-group", match(rule), verdict(rule.action(), rule.protocol()), "sg:" + rule.id(), rule.description());
        }
        Action def = s.securityGroup().defaultAction();
        if (def == Action.REJECT) {
            r.counted("security-group", "meta l4proto tcp", "reject with tcp reset", "sg:default-tcp");
            r.counted("security-group", "", "reject with icmp type port-unreachable", "sg:default");
        } else {
            r.counted("security-group", "", def == Action.ALLOW ? "accept" : "drop", "sg:default");
        }
        r.counted("source-nat", "oifname \"" + lab.name() + "\" ct status dnat",
                s.portAllocation() == PortAllocation.RANDOM ? "masquerade fully-random" : "masquerade", "masquerade");
        r.plain("output", "oifname \"lo\" accept");
        r.plain("output", "ct state established,related accept");
        r.plain("output", "oifname \"" + out.name() + "\" ip daddr " + s.outsideNetwork() + " accept");
        r.plain("output", "oifname \"" + lab.name() + "\" ip daddr " + s.labNetwork() + " accept");
        r.counted("output", "", "drop", "drop:egress");
        for (String stale : s.stalePolicies()) {
            b.append("delete ct timeout ").append(t).append(' ').append(stale).append('\n');
        }
        return b.toString();
    }

    public static String lossKey(Direction d, LossRule l) {
        return "loss:" + d.text() + ":" + l.protocolText();
    }

    static String match(FirewallRule rule) {
        StringBuilder m = new StringBuilder("meta l4proto ").append(rule.protocol().kernelName());
        if (rule.ports() != null) {
            m.append(" ct original proto-dst ").append(rule.ports());
        }
        if (!rule.source().isAny()) {
            m.append(" ip saddr ").append(rule.source());
        }
        return m.toString();
    }

    static String verdict(Action action, Protocol protocol) {
        return switch (action) {
            case ALLOW -> "accept";
            case DROP -> "drop";
            case REJECT -> protocol == Protocol.TCP ? "reject with tcp reset" : "reject with icmp type port-unreachable";
        };
    }

    private static void checkName(String ifname) {
        if (!IFNAME.matcher(ifname).matches()) {
            throw new IllegalArgumentException("interface name '" + ifname + "' is not one the gateway writes into a rule set");
        }
    }

    /** Appends "add rule" lines; counted rules get their carried-over counter values. */
    private static final class Rules {
        private final StringBuilder b;
        private final String table;
        private final RulesetSpec spec;

        Rules(StringBuilder b, String table, RulesetSpec spec) {
            this.b = b;
            this.table = table;
            this.spec = spec;
        }

        void plain(String chain, String rule) {
            b.append("add rule ").append(table).append(' ').append(chain).append(' ').append(rule).append('\n');
        }

        void counted(String chain, String match, String verdict, String key) {
            counted(chain, match, verdict, key, "");
        }

        void counted(String chain, String match, String verdict, String key, String description) {
            Counter c = spec.carry().getOrDefault(key, Counter.ZERO);
            b.append("add rule ").append(table).append(' ').append(chain).append(' ');
            if (!match.isEmpty()) {
                b.append(match).append(' ');
            }
            b.append("counter packets ").append(c.packets()).append(" bytes ").append(c.bytes()).append(' ')
                    .append(verdict).append(" comment \"").append(key);
            if (description != null && !description.isEmpty()) {
                b.append(' ').append(description);
            }
            b.append("\"\n");
        }
    }
}
