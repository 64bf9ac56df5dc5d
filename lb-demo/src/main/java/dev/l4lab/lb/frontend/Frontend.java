package dev.l4lab.lb.frontend;

import dev.l4lab.lb.pool.Pool;
import io.vertx.core.Future;
import java.util.List;

/** A listener (TCP or UDP) feeding one pool. */
public interface Frontend {
    String name();

    /** "tcp" or "udp". */
    String protocol();

    String bindHost();

    /** The bound port (the real one when configured as 0), or -1 before binding. */
    int port();

    boolean bound();

    Pool pool();

    FrontendStats stats();

    /** Open connections on each event loop serving this frontend (TCP); empty where that does not apply. */
    default List<Integer> connectionsPerLoop() {
        return List.of();
    }

    Future<Void> start();

    Future<Void> stop();
}
