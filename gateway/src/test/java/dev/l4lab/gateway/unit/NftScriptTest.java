package dev.l4lab.gateway.unit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.gateway.firewall.Action;
import dev.l4lab.gateway.firewall.FirewallRule;
import dev.l4lab.gateway.firewall.SecurityGroup;
import dev.l4lab.gateway.impair.Direction;
import dev.l4lab.gateway.impair.LossRule;
import dev.l4lab.gateway.kernel.GatewayInterfaces;
import dev.l4lab.gateway.kernel.NetInterface;
import dev.l4lab.gateway.nat.PortAllocation;
import dev.l4lab.gateway.nat.PortMapping;
import dev.l4lab.gateway.nat.ResolvedMapping;
import dev.l4lab.gateway.net.Ipv4Cidr;
import dev.l4lab.gateway.net.PortRange;
import dev.l4lab.gateway.net.Protocol;
import dev.l4lab.gateway.ruleset.Counter;
import dev.l4lab.gateway.ruleset.NftScript;
import dev.l4lab.gateway.ruleset.RulesetSpec;
import dev.l4lab.gateway.ruleset.TimeoutPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rule generation: what the kernel gets for a known state (the namespace tests run it for real). */
class NftScriptTest {

    static final GatewayInterfaces IFS = new GatewayInterfaces(
            new NetInterface("eth1", 5, "172.29.0.2", Ipv4Cidr.parse("172.29.0.0/16")),
            new NetInterface("eth0", 4, "172.28.0.40", Ipv4Cidr.parse("172.28.0.0/16")));

    static RulesetSpec spec(List<FirewallRule> rules, Action def, TimeoutPolicy policy, boolean fresh, Map<String, Counter> carry) {
        return new RulesetSpec("l4lab", IFS, Ipv4Cidr.parse("172.29.0.0/16"), Ipv4Cidr.parse("172.28.0.0/16"), 8080,
                new SecurityGroup(def, rules),
                List.of(new ResolvedMapping(new PortMapping("web", Protocol.TCP, 80, "echo-1", 8080), "172.28.0.11"),
                        new ResolvedMapping(new PortMapping("dns-udp", Protocol.UDP, 53, "echo-3", 9001), "172.28.0.13")),
                PortAllocation.RANDOM, List.of(new LossRule(Direction.BOTH, Protocol.TCP, 500)), policy, policy != null,
                policy == null ? List.of() : List.of("tcp-g1", "udp-g1"), fresh, carry);
    }

    @Test
    void theSecurityGroupMatchesThePortTheClientAddressed() {
        List<FirewallRule> rules = List.of(
                new FirewallRule(1, Protocol.TCP, PortRange.single(80), Ipv4Cidr.ANY, Action.ALLOW, "web"),
                new FirewallRule(2, Protocol.UDP, PortRange.single(53), Ipv4Cidr.ANY, Action.DROP, ""),
                new FirewallRule(3, Protocol.TCP, PortRange.parse("1000-2000"), Ipv4Cidr.parse("10.1.2.3/8"), Action.REJECT, ""),
                new FirewallRule(4, Protocol.UDP, null, Ipv4Cidr.ANY, Action.REJECT, ""),
                new FirewallRule(5, Protocol.ICMP, null, Ipv4Cidr.ANY, Action.ALLOW, "ping"));
        String s = NftScript.render(spec(rules, Action.DROP, null, false, Map.of("sg:1", new Counter(7, 420))));
        assertTrue(s.contains("add rule ip l4lab security-group meta l4proto tcp ct original proto-dst 80 counter packets 7 bytes 420 accept comment \"sg:1 web\"\n"), s);
        assertTrue(s.contains("add rule ip l4lab security-group meta l4proto udp ct original proto-dst 53 counter packets 0 bytes 0 drop comment \"sg:2\"\n"), s);
        assertTrue(s.contains("meta l4proto tcp ct original proto-dst 1000-2000 ip saddr 10.0.0.0/8 counter packets 0 bytes 0 reject with tcp reset comment \"sg:3\""), s);
        assertTrue(s.contains("meta l4proto udp counter packets 0 bytes 0 reject with icmp type port-unreachable comment \"sg:4\""), s);
        assertTrue(s.contains("meta l4proto icmp counter packets 0 bytes 0 accept comment \"sg:5 ping\""), s);
        assertTrue(s.contains("add rule ip l4lab security-group counter packets 0 bytes 0 drop comment \"sg:default\""), s);
        assertTrue(s.indexOf("comment \"sg:1") < s.indexOf("comment \"sg:2") && s.indexOf("comment \"sg:5") < s.indexOf("sg:default"),
                "rules keep their order; the default comes last");
    }

    @Test
    void natStatefulnessAndTheFences() {
        String s = NftScript.render(spec(List.of(), Action.REJECT, null, false, Map.of()));
        assertTrue(s.contains("add rule ip l4lab port-mapping iifname \"eth1\" ip daddr 172.29.0.2 tcp dport 80 counter packets 0 bytes 0 dnat to 172.28.0.11:8080 comment \"map:web\""), s);
        assertTrue(s.contains("iifname \"eth1\" ip daddr 172.29.0.2 udp dport 53 counter packets 0 bytes 0 dnat to 172.28.0.13:9001"), s);
        assertTrue(s.contains("add rule ip l4lab source-nat oifname \"eth0\" ct status dnat counter packets 0 bytes 0 masquerade fully-random"), s);
        assertTrue(s.contains("add rule ip l4lab forward ct state invalid counter"), s);
        assertTrue(s.contains("add rule ip l4lab forward ct state established,related accept"), s);
        assertTrue(s.contains("add rule ip l4lab forward iifname \"eth1\" oifname \"eth0\" ct status dnat jump security-group"), s);
        assertTrue(s.indexOf("iifname \"eth1\" tcp dport 8080 counter") < s.indexOf("iifname \"eth1\" jump security-group"),
                "the admin port is closed to outside before any rule is asked");
        assertTrue(s.contains("add chain ip l4lab output { type filter hook output priority filter; policy drop; }"), s);
        assertTrue(s.contains("add rule ip l4lab output oifname \"eth0\" ip daddr 172.28.0.0/16 accept"), s);
        assertTrue(s.contains("add rule ip l4lab output oifname \"eth1\" ip daddr 172.29.0.0/16 accept"), s);
        assertTrue(s.contains("meta l4proto tcp counter packets 0 bytes 0 reject with tcp reset comment \"sg:default-tcp\""), s);
        assertTrue(s.contains("add rule ip l4lab link-loss iifname \"eth1\" oifname \"eth0\" meta l4proto tcp numgen random mod 10000 < 500 counter packets 0 bytes 0 drop comment \"loss:inbound:tcp\""), s);
        assertTrue(s.contains("iifname \"eth0\" oifname \"eth1\" meta l4proto tcp numgen random mod 10000 < 500 counter packets 0 bytes 0 drop comment \"loss:outbound:tcp\""), s);
        assertFalse(s.contains("delete table"), "an update flushes and refills chains; it does not drop the table");
        assertFalse(s.contains("ct timeout"), "no timeout policies with the sysctl mechanism");
        assertTrue(s.contains("add rule ip l4lab no-track iifname \"lo\" notrack\n"), s);
        for (String chain : List.of("no-track", "no-track-local", "conntrack-policy", "port-mapping", "link-loss", "input", "forward", "security-group", "source-nat", "output")) {
            assertTrue(s.contains("flush chain ip l4lab " + chain + "\n"), chain);
        }
    }

    @Test
    void timeoutPoliciesAndAFreshStart() {
        String s = NftScript.render(spec(List.of(), Action.DROP, new TimeoutPolicy(2, 30, 10, 60), true, Map.of()));
        assertTrue(s.startsWith("add table ip l4lab\ndelete table ip l4lab\nadd table ip l4lab\n"), s);
        assertTrue(s.contains("add ct timeout ip l4lab tcp-g2 { protocol tcp; l3proto ip; policy = { established: 30 }; }"), s);
        assertTrue(s.contains("add ct timeout ip l4lab udp-g2 { protocol udp; l3proto ip; policy = { unreplied: 10, replied: 60 }; }"), s);
        assertTrue(s.contains("add rule ip l4lab conntrack-policy meta l4proto tcp ct timeout set \"tcp-g2\""), s);
        assertTrue(s.endsWith("delete ct timeout ip l4lab tcp-g1\ndelete ct timeout ip l4lab udp-g1\n"),
                "the old generation goes last, after no rule refers to it");
    }

    @Test
    void interfaceNamesAreCheckedBeforeTheyReachTheScript() {
        GatewayInterfaces odd = new GatewayInterfaces(new NetInterface("eth\"1", 5, "172.29.0.2", Ipv4Cidr.parse("172.29.0.0/16")),
                IFS.lab());
        RulesetSpec s = new RulesetSpec("l4lab", odd, Ipv4Cidr.ANY, Ipv4Cidr.ANY, 8080, new SecurityGroup(Action.DROP, List.of()),
                List.of(), PortAllocation.PRESERVE, List.of(), null, false, List.of(), false, Map.of());
        assertThrows(IllegalArgumentException.class, () -> NftScript.render(s));
    }
}
