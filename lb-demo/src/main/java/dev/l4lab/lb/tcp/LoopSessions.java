package dev.l4lab.lb.tcp;

import java.util.HashSet;
import java.util.Set;

/**
 * The sessions of one event loop. Used on that loop only; the count is also read by the other loops'
 * {@link AcceptBalancer} checks, hence volatile.
 */
final class LoopSessions {

    private final Set<TcpSession> sessions = new HashSet<>();
    private final Runnable changed;
    private volatile int count;

    LoopSessions(Runnable changed) {
        this.changed = changed;
    }

    void add(TcpSession s) {
        sessions.add(s);
        count = sessions.size();
        changed.run();
    }

    void remove(TcpSession s) {
        if (sessions.remove(s)) {
            count = sessions.size();
            changed.run();
        }
    }

    int count() {
        return count;
    }

    TcpSession[] snapshot() {
        return sessions.toArray(new TcpSession[0]);
    }
}
