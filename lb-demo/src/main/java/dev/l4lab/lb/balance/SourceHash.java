package dev.l4lab.lb.balance;

import dev.l4lab.lb.pool.Backend;
import java.util.Comparator;
import java.util.List;

/**
 * HAProxy "balance source" (map-based): the key's hash modulo the total weight, over backends
 * sorted by name. Same client, same backend while the set is stable; changing the set remaps many keys
 * (use maglev for minimal disruption).
 */
final class SourceHash implements Balancer {

    @Override
    public Backend pick(List<Backend> candidates, String key) {
        List<Backend> sorted = candidates.stream().sorted(Comparator.comparing(Backend::name)).toList();
        long total = 0;
        for (Backend b : sorted) {
            total += b.weight();
        }
        long slot = Long.remainderUnsigned(Hashing.hash(key == null ? "" : key, 0), total);
        for (Backend b : sorted) {
            slot -= b.weight();
            if (slot < 0) {
                return b;
            }
        }
        return sorted.get(sorted.size() - 1);
    }
}
