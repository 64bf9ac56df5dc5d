package dev.l4lab.lb.balance;

import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * nginx's smooth weighted round robin: every pick adds each candidate's weight to its current
 * weight, takes the largest, and subtracts the total from the winner. Weights 5,1,1 give
 * a,a,b,a,c,a,a instead of a,a,a,a,a,b,c.
 */
final class SmoothWeightedRoundRobin implements Balancer {

    private final Map<Candidate, int[]> current = new WeakHashMap<>();

    @Override
    public synchronized <T extends Candidate> T pick(List<T> candidates, String key) {
        int total = 0;
        T best = null;
        int[] bestCurrent = null;
        for (T b : candidates) {
            int w = b.weight();
            int[] cw = current.computeIfAbsent(b, k -> new int[1]);
            cw[0] += w;
            total += w;
            if (best == null || cw[0] > bestCurrent[0]) {
                best = b;
                bestCurrent = cw;
            }
        }
        bestCurrent[0] -= total;
        return best;
    }
}
