package dev.l4lab.lb.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Maglev paper's properties on the default 65537-slot table. */
class MaglevTableTest {

    private static List<MaglevTable.Entry> backends(int n) {
        List<MaglevTable.Entry> list = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            list.add(new MaglevTable.Entry("echo-" + i + ":9000", 1));
        }
        return list;
    }

    private static Map<String, Integer> counts(MaglevTable t) {
        Map<String, Integer> c = new HashMap<>();
        for (int i = 0; i < t.size(); i++) {
            c.merge(t.slotOwner(i), 1, Integer::sum);
        }
        return c;
    }

    @Test
    void everySlotIsFilledAndEqualWeightsDifferByAtMostOne() {
        for (int n : new int[] {1, 3, 7, 10}) {
            MaglevTable t = new MaglevTable(backends(n), MaglevTable.DEFAULT_SIZE);
            for (int i = 0; i < t.size(); i++) {
                assertNotNull(t.slotOwner(i), "slot " + i + " empty");
            }
            Map<String, Integer> c = counts(t);
            assertEquals(n, c.size());
            int max = Collections.max(c.values());
            int min = Collections.min(c.values());
            assertTrue(max - min <= 1, n + " backends: max " + max + " min " + min);
        }
    }

    @Test
    void removingOneOfNMovesAtMostOnePointFiveOverNOfTheSlots() {
        for (int n : new int[] {3, 5, 10, 20}) {
            List<MaglevTable.Entry> all = backends(n);
            MaglevTable before = new MaglevTable(all, MaglevTable.DEFAULT_SIZE);
            List<MaglevTable.Entry> fewer = new ArrayList<>(all);
            fewer.remove(n / 2);
            MaglevTable after = new MaglevTable(fewer, MaglevTable.DEFAULT_SIZE);
            int moved = 0;
            for (int i = 0; i < before.size(); i++) {
                if (!before.slotOwner(i).equals(after.slotOwner(i))) {
                    moved++;
                }
            }
            double fraction = (double) moved / before.size();
            assertTrue(fraction <= 1.5 / n, n + " backends: moved " + fraction + " > " + 1.5 / n);
        }
    }

    @Test
    void insertionOrderDoesNotMatter() {
        List<MaglevTable.Entry> list = backends(8);
        MaglevTable a = new MaglevTable(list, MaglevTable.DEFAULT_SIZE);
        List<MaglevTable.Entry> shuffled = new ArrayList<>(list);
        Collections.shuffle(shuffled, new Random(42));
        MaglevTable b = new MaglevTable(shuffled, MaglevTable.DEFAULT_SIZE);
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.slotOwner(i), b.slotOwner(i), "slot " + i);
        }
    }

    @Test
    void weightsScaleTheShare() {
        List<MaglevTable.Entry> list = List.of(new MaglevTable.Entry("a:1", 1), new MaglevTable.Entry("b:1", 2),
                new MaglevTable.Entry("c:1", 3));
        Map<String, Integer> c = counts(new MaglevTable(list, MaglevTable.DEFAULT_SIZE));
        double total = MaglevTable.DEFAULT_SIZE;
        assertEquals(1 / 6.0, c.get("a:1") / total, 0.01);
        assertEquals(2 / 6.0, c.get("b:1") / total, 0.01);
        assertEquals(3 / 6.0, c.get("c:1") / total, 0.01);
    }

    @Test
    void keysSpreadAndTableSizeMustBePrime() {
        MaglevTable t = new MaglevTable(backends(3), MaglevTable.DEFAULT_SIZE);
        Map<String, Integer> c = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            c.merge(t.lookup("10.0." + (i / 250) + "." + (i % 250)), 1, Integer::sum);
        }
        assertEquals(3, c.size());
        c.values().forEach(v -> assertTrue(v > 800, "keys spread: " + c));
        assertThrows(IllegalArgumentException.class, () -> new MaglevTable(backends(3), 65536));
    }
}
