package dev.l4lab.gateway.firewall;

import dev.l4lab.gateway.api.ApiException;
import dev.l4lab.gateway.net.Ipv4Cidr;
import dev.l4lab.gateway.net.PortRange;
import dev.l4lab.gateway.net.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns client input into rules, or fails with a 400 that names the field ("rules[2].port"). Everything that
 * reaches the kernel's rule set text comes out of here as a typed value, so no client text is ever pasted in.
 */
public final class RuleParser {

    /** Descriptions end up in an nft comment: a short, quote-free, printable text. */
    private static final Pattern DESCRIPTION = Pattern.compile("[A-Za-z0-9 _.,:;()/+=@#-]{0,64}");

    private RuleParser() {
    }

    /** Parses one rule; {@code prefix} is "" for a single rule or "rules[3]." inside a rule set. */
    public static FirewallRule parse(RuleInput in, String prefix, long id) {
        if (in == null) {
            throw ApiException.badInput(prefix.isEmpty() ? "rule" : prefix.substring(0, prefix.length() - 1), "a rule object is required");
        }
        Protocol protocol = Protocol.parse(in.protocol());
        if (protocol == null) {
            throw ApiException.badInput(prefix + "protocol", "protocol must be one of tcp, udp, icmp, got " + quote(in.protocol()));
        }
        PortRange ports = null;
        if (in.port() != null && !in.port().isBlank()) {
            if (!protocol.hasPorts()) {
                throw ApiException.badInput(prefix + "port", "icmp has no ports: leave port out of an icmp rule");
            }
            try {
                ports = PortRange.parse(in.port());
            } catch (IllegalArgumentException e) {
                throw ApiException.badInput(prefix + "port", e.getMessage());
            }
        }
        Ipv4Cidr source = Ipv4Cidr.ANY;
        if (in.source() != null && !in.source().isBlank()) {
            try {
                source = Ipv4Cidr.parse(in.source());
            } catch (IllegalArgumentException e) {
                throw ApiException.badInput(prefix + "source", "source " + e.getMessage());
            }
        }
        Action action = Action.parse(in.action());
        if (action == null) {
            throw ApiException.badInput(prefix + "action", "action must be one of allow, drop, reject, got " + quote(in.action()));
        }
        String description = in.description() == null ? "" : in.description().trim();
        if (!DESCRIPTION.matcher(description).matches()) {
            throw ApiException.badInput(prefix + "description",
                    "description must be at most 64 characters of letters, digits, spaces and _.,:;()/+=@#-");
        }
        return new FirewallRule(id, protocol, ports, source, action, description);
    }

    /** Parses a whole rule set; ids are assigned from {@code firstId} in order. */
    public static SecurityGroup parseSet(String defaultAction, List<RuleInput> inputs, long firstId, int maxRules) {
        Action def = Action.parse(defaultAction);
        if (def == null) {
            throw ApiException.badInput("defaultAction", "defaultAction must be one of allow, drop, reject, got " + quote(defaultAction));
        }
        List<RuleInput> list = inputs == null ? List.of() : inputs;
        if (list.size() > maxRules) {
            throw ApiException.badInput("rules", "at most " + maxRules + " rules (gateway.firewall.max-rules), got " + list.size());
        }
        List<FirewallRule> rules = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            rules.add(parse(list.get(i), "rules[" + i + "].", firstId + i));
        }
        return new SecurityGroup(def, rules);
    }

    public static Action parseAction(String field, String text) {
        Action a = Action.parse(text);
        if (a == null) {
            throw ApiException.badInput(field, field + " must be one of allow, drop, reject, got " + quote(text));
        }
        return a;
    }

    static String quote(String s) {
        if (s == null) {
            return "nothing";
        }
        String clipped = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return "\"" + clipped.replaceAll("[^\\x20-\\x7e]", "?") + "\"";
    }
}
