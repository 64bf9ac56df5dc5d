package dev.l4lab.gateway.impair;

import dev.l4lab.gateway.api.ApiException;
import dev.l4lab.gateway.net.Protocol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks a PUT /impairment body; every problem is a 400 naming the field. */
public final class ImpairmentParser {

    private ImpairmentParser() {
    }

    public static Impairment parse(ImpairmentInput in, int maxLossRules) {
        if (in == null) {
            throw ApiException.badInput("body", "a JSON body is required, for example {\"loss\":[{\"direction\":\"both\",\"protocol\":\"tcp\",\"percent\":5}]}");
        }
        List<ImpairmentInput.LossInput> inputs = in.loss() == null ? List.of() : in.loss();
        if (inputs.size() > maxLossRules) {
            throw ApiException.badInput("loss", "at most " + maxLossRules + " loss rules, got " + inputs.size());
        }
        List<LossRule> loss = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            String p = "loss[" + i + "].";
            ImpairmentInput.LossInput li = inputs.get(i);
            if (li == null) {
                throw ApiException.badInput("loss[" + i + "]", "a loss rule object is required");
            }
            Direction d = Direction.parse(li.direction());
            if (d == null) {
                throw ApiException.badInput(p + "direction", "direction must be one of inbound, outbound, both, got " + quote(li.direction()));
            }
            Protocol proto = null;
            if (li.protocol() != null && !"all".equalsIgnoreCase(li.protocol().trim())) {
                proto = Protocol.parse(li.protocol());
                if (proto == null) {
                    throw ApiException.badInput(p + "protocol", "protocol must be one of tcp, udp, icmp, all, got " + quote(li.protocol()));
                }
            }
            if (li.percent() == null || li.percent().isNaN() || li.percent() <= 0 || li.percent() > 100) {
                throw ApiException.badInput(p + "percent", "percent must be more than 0 and at most 100, got " + li.percent());
            }
            long bp = Math.round(li.percent() * 100);
            if (Math.abs(bp - li.percent() * 100) > 1e-6 || bp < 1) {
                throw ApiException.badInput(p + "percent", "percent takes at most two decimals (0.01 to 100), got " + li.percent());
            }
            for (Direction each : d == Direction.BOTH ? List.of(Direction.INBOUND, Direction.OUTBOUND) : List.of(d)) {
                String key = each + "/" + (proto == null ? "all" : proto.kernelName());
                if (!seen.add(key)) {
                    throw ApiException.badInput(p + "direction", "a second loss rule for " + each.text() + " "
                            + (proto == null ? "all" : proto.kernelName()) + ": give each direction and protocol one rule");
                }
            }
            loss.add(new LossRule(d, proto, (int) bp));
        }
        int delay = range(in.delayMs(), "delayMs", 0, 10_000);
        int jitter = range(in.jitterMs(), "jitterMs", 0, 10_000);
        int reorder = range(in.reorderPercent(), "reorderPercent", 0, 100);
        if (jitter > 0 && delay == 0) {
            throw ApiException.badInput("jitterMs", "jitter varies a delay: set delayMs too");
        }
        if (reorder > 0 && delay == 0) {
            throw ApiException.badInput("reorderPercent", "reordering sends some packets ahead of delayed ones: set delayMs too");
        }
        return new Impairment(loss, delay, jitter, reorder);
    }

    private static int range(Integer value, String field, int min, int max) {
        int v = value == null ? 0 : value;
        if (v < min || v > max) {
            throw ApiException.badInput(field, field + " must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    private static String quote(String s) {
        return s == null ? "nothing" : "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
    }
}
