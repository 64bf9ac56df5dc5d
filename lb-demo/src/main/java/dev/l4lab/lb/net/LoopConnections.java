package dev.l4lab.lb.net;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The connections of one event loop. Used on that loop only; the count is also read by the other loops'
 * {@link AcceptBalancer} checks, hence volatile.
 */
public final class LoopConnections<T> {

    private final Set<T> open = new HashSet<>();
    private final Runnable changed;
    private volatile int count;

    /** @param changed runs after every add and remove (the loop rebalances its accepting) */
    public LoopConnections(Runnable changed) {
        this.changed = changed;
    }

    public void add(T c) {
        open.add(c);
        count = open.size();
        changed.run();
    }

    public void remove(T c) {
        if (open.remove(c)) {
            count = open.size();
            changed.run();
        }
    }

    public int count() {
        return count;
    }

    public List<T> snapshot() {
        return new ArrayList<>(open);
    }
}
