package dev.l4lab.lb.frontend;

import dev.l4lab.lb.pool.Pool;
import io.vertx.core.Future;
import java.util.List;

/** A listener feeding one pool: L4 TCP, L4 UDP or L7 HTTP. */
public interface Frontend {
    String name();

    Protocol protocol();

    String bindHost();

    /** The bound port (the real one when configured as 0), or -1 before binding. */
    int port();

    boolean bound();

    Pool pool();

    FrontendStats stats();

    /** The limit in force: concurrent connections (TCP, L7) or sessions (UDP). */
    int limit();

    /** Open connections on each event loop serving this frontend (TCP); empty where that does not apply. */
    default List<Integer> connectionsPerLoop() {
        return List.of();
    }

    /** This frontend's rows of GET /connections. */
    default ConnectionsView connections() {
        return ConnectionsView.EMPTY;
    }

    Future<Void> start();

    Future<Void> stop();
}
