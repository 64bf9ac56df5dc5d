package dev.l4lab.lb.tcp;

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
final class AcceptBalancer {

    static final int SLACK = 1;

    private final List<TcpListener> loops = new CopyOnWriteArrayList<>();

    void join(TcpListener loop) {
        loops.add(loop);
    }

    void leave(TcpListener loop) {
        loops.remove(loop);
    }

    /** More than SLACK connections over the least loaded of the other loops. */
    boolean overloaded(TcpListener loop) {
        int mine = loop.sessionCount();
        for (TcpListener other : loops) {
            if (other != loop && mine > other.sessionCount() + SLACK) {
                return true;
            }
        }
        return false;
    }

    List<Integer> sessionsPerLoop() {
        return loops.stream().map(TcpListener::sessionCount).toList();
    }

    /** A loop stopped accepting: the others check whether they should start again (their own loops). */
    void stoppedAccepting(TcpListener loop) {
        for (TcpListener other : loops) {
            if (other != loop) {
                other.recheckSoon();
            }
        }
    }
}
