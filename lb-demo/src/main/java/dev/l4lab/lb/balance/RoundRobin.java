package dev.l4lab.lb.balance;

import dev.l4lab.lb.pool.Backend;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Plain round robin over the eligible backends; weights are ignored. */
final class RoundRobin implements Balancer {

    private final AtomicLong next = new AtomicLong();

    @Override
    public Backend pick(List<Backend> candidates, String key) {
        return candidates.get((int) Math.floorMod(next.getAndIncrement(), (long) candidates.size()));
    }
}
