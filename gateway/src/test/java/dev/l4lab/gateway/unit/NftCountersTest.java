package dev.l4lab.gateway.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.l4lab.gateway.ruleset.Counter;
import dev.l4lab.gateway.ruleset.NftCounters;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** "nft -j list table ip l4lab" after real traffic through a namespace gateway. */
class NftCountersTest {

    @Test
    void countersAreReadByCommentKey() throws IOException {
        Map<String, Counter> c = NftCounters.parse(Samples.text("nft-table.json"));
        assertEquals(new Counter(10, 600), c.get("sg:1"));
        assertEquals(new Counter(2, 120), c.get("sg:2"));
        assertEquals(new Counter(5, 147), c.get("sg:4"));
        assertEquals(new Counter(4, 240), c.get("sg:default"));
        assertEquals(new Counter(10, 600), c.get("map:tcp/80"));
        assertEquals(new Counter(10, 600), c.get("masquerade"));
        assertEquals(new Counter(19, 1045), c.get("invalid"), "two rules with one comment are summed");
        assertFalse(c.containsKey("admin"), "rules without a counter give none");
    }

    @Test
    void aCommentCountsByItsFirstWordAndBrokenJsonIsAnError() throws IOException {
        Map<String, Counter> c = NftCounters.parse("""
                {"nftables":[{"rule":{"chain":"security-group","comment":"sg:7 web server",
                 "expr":[{"counter":{"packets":3,"bytes":180}},{"accept":null}]}},{"rule":{"comment":"x","expr":[]}}]}""");
        assertEquals(new Counter(3, 180), c.get("sg:7"));
        assertEquals(1, c.size());
        assertThrows(IOException.class, () -> NftCounters.parse("{\"nftables\": ["));
    }
}
