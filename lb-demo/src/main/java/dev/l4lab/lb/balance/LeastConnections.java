package dev.l4lab.lb.balance;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Fewest active connections per unit of weight; ties rotate so equal backends share the load. */
final class LeastConnections implements Balancer {

    private final AtomicLong rotation = new AtomicLong();

    @Override
    public <T extends Candidate> T pick(List<T> candidates, String key) {
        int n = candidates.size();
        int start = (int) Math.floorMod(rotation.getAndIncrement(), (long) n);
        T best = null;
        double bestLoad = Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            T b = candidates.get((start + i) % n);
            double load = (double) b.activeConnections() / b.weight();
            if (load < bestLoad) {
                best = b;
                bestLoad = load;
            }
        }
        return best;
    }
}
