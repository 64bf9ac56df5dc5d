package dev.l4lab.lb.frontend;

import dev.l4lab.lb.pool.Pool;
import io.vertx.core.Future;

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

    Future<Void> start();

    Future<Void> stop();
}
