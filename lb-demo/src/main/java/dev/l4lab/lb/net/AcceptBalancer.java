package dev.l4lab.lb.net;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps the event loops that share a listening socket within {@link #SLACK} connections of each other.
 * Whichever loop wakes first accepts ({@link SharedListener}), which suits short connections, but a burst of
 * long-lived ones can all land on one loop. A loop with more than SLACK connections over the least loaded loop
 * stops watching the socket until it is back within SLACK; the least loaded loop always watches it, so a
 * connection never waits for a rebalance. HAProxy balances the same way, by connection count, when it dispatches
 * accepted connections. Why a slack of 1, measured: bench/lb-l4.md.
 */
public final class AcceptBalancer {

    /** One event loop's listener of a frontend. */
    public interface Loop {
        /** Its open connections. */
        int connectionCount();

        /** Called from another loop: check soon, on its own loop, whether to watch the socket again. */
        void recheckSoon();
    }

    public static final int SLACK = 1;

    private final List<Loop> loops = new CopyOnWriteArrayList<>();

    public void join(Loop loop) {
        loops.add(loop);
    }

    public void leave(Loop loop) {
        loops.remove(loop);
    }

    /** More than SLACK connections over the least loaded of the other loops. */
    public boolean overloaded(Loop loop) {
        int mine = loop.connectionCount();
        for (Loop other : loops) {
            if (other != loop && mine > other.connectionCount() + SLACK) {
                return true;
            }
        }
        return false;
    }

    public List<Integer> connectionsPerLoop() {
        return loops.stream().map(Loop::connectionCount).toList();
    }

    /** A loop stopped accepting: the others check whether they should start again (their own loops). */
    public void stoppedAccepting(Loop loop) {
        for (Loop other : loops) {
            if (other != loop) {
                other.recheckSoon();
            }
        }
    }
}
