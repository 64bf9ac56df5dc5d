package dev.l4lab.echo.connections;

import dev.l4lab.echo.identity.Endpoint;
import dev.l4lab.echo.tcp.ListenerKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Active TCP connections across all TCP listeners: the table behind GET /connections and the limit. */
@ApplicationScoped
public class ConnectionRegistry {

    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, TrackedConnection> active = new ConcurrentHashMap<>();

    public TrackedConnection open(ListenerKind listener, Endpoint peer) {
        TrackedConnection c = new TrackedConnection(ids.incrementAndGet(), listener, peer);
        active.put(c.id(), c);
        return c;
    }

    public void close(TrackedConnection c) {
        active.remove(c.id());
    }

    public int count() {
        return active.size();
    }

    public List<ConnectionView> snapshot() {
        return active.values().stream().map(TrackedConnection::view)
            .sorted(Comparator.comparingLong(ConnectionView::id)).toList();
    }
}
