package dev.l4lab.probe.unit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.l4lab.probe.api.ProbeException;
import dev.l4lab.probe.scan.PortRanges;
import dev.l4lab.probe.v1.WatchStats;
import dev.l4lab.probe.watch.RttStats;
import org.junit.jupiter.api.Test;

class PortRangesAndStatsTest {

    @Test
    void parsesListsAndRangesSortedWithoutDuplicates() {
        assertArrayEquals(new int[] {1, 2, 3, 80, 8080, 9000, 9001}, PortRanges.parse("ports", "9000-9001, 80,1-3,8080,2"));
        assertEquals(65535, PortRanges.parse("ports", "1-65535").length);
    }

    @Test
    void rejectsBadPortListsNamingTheField() {
        for (String bad : new String[] {"", "0", "65536", "1-", "-5", "a", "5-1", "1,,2", "1-2-3", "999999"}) {
            ProbeException e = assertThrows(ProbeException.class, () -> PortRanges.parse("ports", bad), bad);
            assertEquals("ports", e.field());
        }
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
