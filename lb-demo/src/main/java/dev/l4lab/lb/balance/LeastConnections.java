package dev.l4lab.lb.balance;

import dev.l4lab.lb.pool.Backend;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Fewest active connections per unit of weight; ties rotate so equal backends share the load. */
final class LeastConnections implements Balancer {

    private final AtomicLong rotation = new AtomicLong();

    @Override
    public Backend pick(List<Backend> candidates, String key) {
        int n = candidates.size();
        int start = (int) Math.floorMod(rotation.getAndIncrement(), (long) n);
        Backend best = null;
        double bestLoad = Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            Backend b = candidates.get((start + i) % n);
            double load = (double) b.activeConnections() / b.weight();
            if (load < bestLoad) {
                best = b;
                bestLoad = load;
            }
        }
        return best;
    }
}
