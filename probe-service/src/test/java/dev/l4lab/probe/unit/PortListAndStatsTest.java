package dev.l4lab.probe.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.probe.error.ProbeException;
import dev.l4lab.probe.input.Limit;
import dev.l4lab.probe.input.PortList;
import dev.l4lab.probe.v1.WatchStats;
import dev.l4lab.probe.watch.RttStats;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class PortListAndStatsTest {

    private static final Limit PORTS = Limit.of("ports", 0, 4096, Limit.Zero.ALLOWED, 0).counting("characters");

    @Test
    void parsesListsAndRangesSortedWithoutDuplicates() {
        BitSet p = PortList.parse(PORTS, "9000-9001,80,1-3,8080,2");
        assertEquals("{1, 2, 3, 80, 8080, 9000, 9001}", p.toString());
        assertEquals(65535, PortList.parse(PORTS, "1-65535").cardinality());
        assertEquals(1, PortList.parse(PORTS, "00080").cardinality());
    }

    @Test
    void rejectsEverythingButAsciiDigitsCommasAndDashesNamingTheField() {
        String[] bad = {"", ",", ",,", "1,", ",1", "0", "65536", "1-", "-5", "a", "5-1", "1,,2", "1-2-3", "999999",
            "1 - 2", " 80", "80 ", "80, 443", "\uFF18\uFF10", "\u0668\u0660", "+80", "80\n", "1-2,", "0x50", "1.5"};
        for (String s : bad) {
            ProbeException e = assertThrows(ProbeException.class, () -> PortList.parse(PORTS, s), s);
            assertEquals("ports", e.field(), s);
            assertEquals(ProbeException.Kind.INVALID_ARGUMENT, e.kind(), s);
        }
        ProbeException tooLong = assertThrows(ProbeException.class, () -> PortList.parse(PORTS, "1,".repeat(3000) + "1"));
        assertTrue(tooLong.getMessage().contains("at most 4096"), tooLong.getMessage());
    }

    @Test
    void statsUseNearestRankPercentilesAndPopulationStddev() {
        WatchStats s = RttStats.of(5, new double[] {4, 1, 3, 2}).build();
        assertEquals(20.0, s.getLossPercent());
        assertEquals(1, s.getMinMs());
        assertEquals(4, s.getMaxMs());
        assertEquals(2.5, s.getAvgMs());
        assertEquals(Math.sqrt(1.25), s.getStddevMs(), 1e-12);
        assertEquals(2, s.getP50Ms());
        assertEquals(4, s.getP90Ms());
        assertEquals(4, s.getP99Ms());
        assertEquals(0, RttStats.of(3, new double[0]).build().getMaxMs());
        assertEquals(100.0, RttStats.of(3, new double[0]).build().getLossPercent());
    }
}
