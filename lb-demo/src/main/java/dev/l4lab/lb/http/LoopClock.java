package dev.l4lab.lb.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The timeouts of one event loop's client connections and streams, checked every {@link #TICK_MS}: a request
 * then only writes its deadline into a field, instead of scheduling and cancelling a timer task per request.
 * Event-loop confined.
 */
final class LoopClock {

    static final long TICK_MS = 100;

    private final Set<ClientConnection> watched = new HashSet<>();

    void watch(ClientConnection c) {
        watched.add(c);
    }

    void unwatch(ClientConnection c) {
        watched.remove(c);
    }

    void tick() {
        if (watched.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        List<ClientConnection> all = new ArrayList<>(watched);
        for (ClientConnection c : all) {
            c.checkDeadline(now);
        }
    }
}
