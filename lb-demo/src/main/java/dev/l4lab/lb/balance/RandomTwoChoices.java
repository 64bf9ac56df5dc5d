package dev.l4lab.lb.balance;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** "Power of two choices": two random backends, keep the one with fewer active connections per weight. */
final class RandomTwoChoices implements Balancer {

    @Override
    public <T extends Candidate> T pick(List<T> candidates, String key) {
        int n = candidates.size();
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        T a = candidates.get(rnd.nextInt(n));
        if (n == 1) {
            return a;
        }
        int j = rnd.nextInt(n - 1);
        T b = candidates.get(j >= candidates.indexOf(a) ? j + 1 : j);
        double la = (double) a.activeConnections() / a.weight();
        double lb = (double) b.activeConnections() / b.weight();
        return lb < la ? b : a;
    }
}
