package dev.l4lab.lb.balance;

import java.util.List;

/** Picks one of a non-empty list of eligible candidates. Implementations are thread-safe. */
public interface Balancer {

    /**
     * @param candidates eligible backends (UP, weight > 0, not excluded), never empty
     * @param key the request key: the client IP for L4, any stable string (cookie, header) for L7
     */
    <T extends Candidate> T pick(List<T> candidates, String key);
}
