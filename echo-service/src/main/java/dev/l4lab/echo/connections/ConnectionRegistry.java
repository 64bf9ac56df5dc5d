package dev.l4lab.echo.connections;

import dev.l4lab.echo.config.ResourceBudget;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Active TCP connections across all TCP listeners and the PROXY whoami port: the table behind
 * GET /connections, the connection limit, and the list shutdown drains.
 */
@ApplicationScoped
public class ConnectionRegistry {

    private final int maxConnections;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger open = new AtomicInteger();
    private final Map<Long, TrackedConnection> active = new ConcurrentHashMap<>();
    private volatile boolean shuttingDown;

    public ConnectionRegistry(ResourceBudget budget) {
        this.maxConnections = budget.maxConnections();
    }

    /**
     * Admits a connection while fewer than the limit are open (the fault cap replaces the limit when it is
     * lower). The count is reserved atomically, so event loops admitting at once never overshoot.
     */
    public Admission admit(ListenerKind listener, Endpoint peer, Integer faultCap) {
        boolean byFault = faultCap != null && faultCap < maxConnections;
        int limit = byFault ? faultCap : maxConnections;
        if (shuttingDown) {
            return new Admission(null, Refusal.SHUTTING_DOWN, limit);
        }
        int now;
        do {
            now = open.get();
            if (now >= limit) {
                return new Admission(null, byFault ? Refusal.FAULT_CAP : Refusal.MAX_CONNECTIONS, limit);
            }
        } while (!open.compareAndSet(now, now + 1));
        TrackedConnection c = new TrackedConnection(ids.incrementAndGet(), listener, peer);
        active.put(c.id(), c);
        return new Admission(c, null, limit);
    }

    public void close(TrackedConnection c) {
        if (active.remove(c.id()) != null) {
            open.decrementAndGet();
        }
    }

    public int count() {
        return open.get();
    }

    public int maxConnections() {
        return maxConnections;
    }

    public boolean shuttingDown() {
        return shuttingDown;
    }

    /** Refuse new connections from now on and ask every open one to finish and close. */
    public void drainAll() {
        shuttingDown = true;
        forEachControl(TrackedConnection.Control::drain);
    }

    /** Close whatever is still open (after the drain timeout). */
    public void closeAll() {
        forEachControl(TrackedConnection.Control::close);
    }

    /** The oldest {@code limit} connections, by id. */
    public List<ConnectionView> snapshot(int limit) {
        return active.values().stream().sorted(Comparator.comparingLong(TrackedConnection::id)).limit(limit)
            .map(TrackedConnection::view).toList();
    }

    private void forEachControl(Consumer<TrackedConnection.Control> action) {
        for (TrackedConnection c : List.copyOf(active.values())) {
            TrackedConnection.Control control = c.control();
            if (control != null) {
                action.accept(control);
            }
        }
    }
}
