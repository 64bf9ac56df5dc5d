package dev.l4lab.lb.balance;

import java.util.Arrays;
import java.util.List;

/**
 * Maglev lookup table (Eisenbud et al., NSDI 2016, section 3.4). Each backend walks its own permutation
 * of the slots, offset = h1(name) mod M, skip = h2(name) mod (M-1) + 1, and claims the next free slot in
 * turn until the table is full. Backends are sorted by name first so insertion order does not matter.
 * Weights: each round a backend earns weight/maxWeight turns (a weight-2 backend claims twice as often).
 */
public final class MaglevTable {

    public static final int DEFAULT_SIZE = 65537;

    private final String[] names;
    private final int[] slots;

    /** Entry name with weight >= 0. */
    public record Entry(String name, int weight) {
    }

    public MaglevTable(List<Entry> entries, int size) {
        if (!isPrime(size)) {
            throw new IllegalArgumentException("Maglev table size must be prime: " + size);
        }
        List<Entry> sorted = entries.stream().filter(e -> e.weight() > 0)
                .sorted((a, b) -> a.name().compareTo(b.name())).toList();
        int n = sorted.size();
        names = new String[n];
        slots = new int[size];
        Arrays.fill(slots, -1);
        if (n == 0) {
            return;
        }
        long[] offset = new long[n];
        long[] skip = new long[n];
        long[] next = new long[n];
        double[] credit = new double[n];
        double maxWeight = sorted.stream().mapToInt(Entry::weight).max().orElse(1);
        for (int i = 0; i < n; i++) {
            names[i] = sorted.get(i).name();
            offset[i] = Long.remainderUnsigned(Hashing.hash(names[i], 0x5EED_0001L), size);
            skip[i] = Long.remainderUnsigned(Hashing.hash(names[i], 0x5EED_0002L), size - 1) + 1;
        }
        int filled = 0;
        while (true) {
            for (int i = 0; i < n; i++) {
                credit[i] += sorted.get(i).weight() / maxWeight;
                while (credit[i] >= 1.0) {
                    credit[i] -= 1.0;
                    int c;
                    do {
                        c = (int) ((offset[i] + next[i] * skip[i]) % size);
                        next[i]++;
                    } while (slots[c] >= 0);
                    slots[c] = i;
                    if (++filled == size) {
                        return;
                    }
                }
            }
        }
    }

    public int size() {
        return slots.length;
    }

    /** Backend name owning the slot (null when the table has no backend). */
    public String slotOwner(int slot) {
        return slots[slot] < 0 ? null : names[slots[slot]];
    }

    /** Backend name for a key. */
    public String lookup(String key) {
        return slotOwner((int) Long.remainderUnsigned(Hashing.hash(key == null ? "" : key, 0), slots.length));
    }

    static boolean isPrime(int n) {
        if (n < 2) {
            return false;
        }
        for (int d = 2; (long) d * d <= n; d++) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }
}
