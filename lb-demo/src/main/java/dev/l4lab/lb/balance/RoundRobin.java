package dev.l4lab.lb.balance;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Plain round robin over the eligible backends; weights are ignored. */
final class RoundRobin implements Balancer {

    private final AtomicLong next = new AtomicLong();

    @Override
    public <T extends Candidate> T pick(List<T> candidates, String key) {
        return candidates.get((int) Math.floorMod(next.getAndIncrement(), (long) candidates.size()));
    }
}
