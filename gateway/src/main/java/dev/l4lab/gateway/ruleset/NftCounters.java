package dev.l4lab.gateway.ruleset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads rule counters out of "nft -j list table" (the kernel's own numbers) keyed by the first word of each
 * rule's comment ("sg:7 web" is "sg:7"). Structured JSON, so nothing depends on nft's text layout.
 */
public final class NftCounters {

    private static final ObjectMapper JSON = new ObjectMapper();

    private NftCounters() {
    }

    public static Map<String, Counter> parse(String json) throws IOException {
        Map<String, Counter> out = new HashMap<>();
        for (JsonNode item : JSON.readTree(json).path("nftables")) {
            JsonNode rule = item.get("rule");
            if (rule == null || !rule.hasNonNull("comment")) {
                continue;
            }
            String comment = rule.get("comment").asText();
            int space = comment.indexOf(' ');
            String key = space < 0 ? comment : comment.substring(0, space);
            for (JsonNode expr : rule.path("expr")) {
                JsonNode c = expr.get("counter");
                if (c != null && c.isObject()) {
                    out.merge(key, new Counter(c.path("packets").asLong(), c.path("bytes").asLong()), Counter::plus);
                }
            }
        }
        return out;
    }
}
