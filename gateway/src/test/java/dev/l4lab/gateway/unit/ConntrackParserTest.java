package dev.l4lab.gateway.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.gateway.conntrack.ConntrackEntry;
import dev.l4lab.gateway.conntrack.ConntrackFilter;
import dev.l4lab.gateway.conntrack.ConntrackParser;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** conntrack -L output, as the tool printed it through a real DNAT + MASQUERADE. */
class ConntrackParserTest {

    @Test
    void anEstablishedTcpFlowWithAccountingAndIds() {
        List<ConntrackEntry> all = parseAll("conntrack-L.txt");
        assertEquals(18, all.size(), "every entry line parses");
        ConntrackEntry e = all.stream().filter(x -> "ESTABLISHED".equals(x.state())).findFirst().orElseThrow();
        assertEquals("tcp", e.protocol());
        assertEquals(4, e.expiresInSeconds());
        assertEquals("198.18.1.2", e.original().src());
        assertEquals("198.18.1.1", e.original().dst());
        assertEquals(50562, e.original().sport());
        assertEquals(80, e.original().dport());
        assertEquals(5L, e.original().packets());
        assertEquals(1268L, e.original().bytes());
        assertEquals("198.18.2.2", e.reply().src());
        assertEquals("198.18.2.1", e.reply().dst());
        assertEquals(8080, e.reply().sport());
        assertEquals(1080, e.reply().dport());
        assertEquals(4L, e.reply().packets());
        assertEquals(List.of("ASSURED"), e.flags());
        assertEquals(523444208L, e.id());
        assertEquals(1L, e.ageSeconds());
        assertEquals(0L, e.mark());
        assertTrue(e.dnat() && e.snat());
        assertEquals("198.18.1.2:50562 -> 198.18.1.1:80", e.originalText());
        assertEquals("198.18.2.1:1080 -> 198.18.2.2:8080", e.translatedText());
    }

    @Test
    void withoutAccountingThereAreNoCounters() {
        ConntrackEntry e = parseAll("conntrack-L.txt").stream().filter(x -> Objects.equals(x.original().sport(), 36284))
                .findFirst().orElseThrow();
        assertEquals("TIME_WAIT", e.state());
        assertNull(e.original().packets());
        assertNull(e.reply().bytes());
        assertNull(e.ageSeconds());
    }

    @Test
    void icmpUdpAndAnUnrepliedSyn() {
        List<ConntrackEntry> all = parseAll("conntrack-L-mixed.txt");
        assertEquals(3, all.size());
        ConntrackEntry icmp = all.get(0);
        assertEquals("icmp", icmp.protocol());
        assertNull(icmp.state());
        assertEquals(8, icmp.original().icmpType());
        assertEquals(0, icmp.original().icmpCode());
        assertEquals(13575, icmp.original().icmpId(), "id= inside a tuple is the ICMP id");
        assertEquals(0, icmp.reply().icmpType());
        assertEquals(1705015633L, icmp.id(), "id= after mark= is the entry's id");
        assertFalse(icmp.dnat() || icmp.snat(), "a ping to the gateway itself is not translated");
        assertEquals("198.18.1.2 -> 198.18.1.1", icmp.originalText());

        ConntrackEntry udp = all.get(1);
        assertEquals("udp", udp.protocol());
        assertNull(udp.state());
        assertEquals(40002, udp.original().sport());
        assertEquals(55, udp.original().dport());
        assertEquals(9001, udp.reply().sport());
        assertEquals(15137, udp.reply().dport());
        assertEquals(51L, udp.reply().bytes());

        ConntrackEntry syn = all.get(2);
        assertEquals("SYN_SENT", syn.state());
        assertEquals(List.of("UNREPLIED"), syn.flags());
        assertEquals(0L, syn.reply().packets());
        assertEquals(119, syn.expiresInSeconds());
    }

    @Test
    void filtersMatchEitherTuple() {
        List<ConntrackEntry> all = parseAll("conntrack-L-mixed.txt");
        assertEquals(1, all.stream().filter(new ConntrackFilter("udp", null, null, null)::matches).count());
        assertEquals(1, all.stream().filter(new ConntrackFilter(null, "SYN_SENT", null, null)::matches).count());
        assertEquals(1, all.stream().filter(new ConntrackFilter(null, null, 15137, null)::matches).count(), "the mapped port");
        assertEquals(2, all.stream().filter(new ConntrackFilter(null, null, null, "198.18.2.1")::matches).count());
    }

    @Test
    void linesThatAreNotEntriesAndHostileLinesGiveNull() {
        assertNull(ConntrackParser.parse(Samples.text("conntrack-L.err").trim()));
        assertNull(ConntrackParser.parse(""));
        assertNull(ConntrackParser.parse("tcp 6"));
        assertNull(ConntrackParser.parse("tcp 6 99999999999999999999999 ESTABLISHED src=1.2.3.4"));
        assertNull(ConntrackParser.parse("tcp 6 10 ESTABLISHED src=1.2.3.4 dst=5.6.7.8 sport=x dport=1"), "no reply tuple");
        ConntrackEntry odd = ConntrackParser.parse("tcp 6 10 ESTABLISHED src=1.2.3.4 dst=5.6.7.8 sport=99999999999 dport=1 "
                + "src=5.6.7.8 dst=1.2.3.4 sport=1 dport=2 = =x [ [] mark=zz use=1");
        assertNull(odd.original().sport(), "an out-of-range number is dropped, not a crash");
        assertNull(odd.mark());
    }

    private static List<ConntrackEntry> parseAll(String sample) {
        return Samples.text(sample).lines().map(ConntrackParser::parse).filter(Objects::nonNull).toList();
    }
}
