package dev.l4lab.lb.balance;

import java.util.Comparator;
import java.util.List;

/**
 * HAProxy "balance source" (map-based): the key's hash modulo the total weight, over backends
 * sorted by name. Same client, same backend while the set is stable; changing the set remaps many keys
 * (use maglev for minimal disruption).
 */
final class SourceHash implements Balancer {

    @Override
    public <T extends Candidate> T pick(List<T> candidates, String key) {
        List<T> sorted = candidates.stream().sorted(Comparator.comparing(Candidate::name)).toList();
        long total = 0;
        for (T b : sorted) {
            total += b.weight();
        }
        long slot = Long.remainderUnsigned(Hashing.hash(key == null ? "" : key, 0), total);
        for (T b : sorted) {
            slot -= b.weight();
            if (slot < 0) {
                return b;
            }
        }
        return sorted.get(sorted.size() - 1);
    }
}
