package dev.l4lab.lb.frontend;

import dev.l4lab.lb.pool.Pool;

/** What every frontend has: identity, bind address, pool, stats and the bound port. */
public abstract class BaseFrontend implements Frontend {

    private final String name;
    private final String bindHost;
    private final int configuredPort;
    private final Pool pool;
    private final int limit;
    private final FrontendStats stats = new FrontendStats();
    private volatile int boundPort = -1;

    protected BaseFrontend(String name, String bindHost, int port, Pool pool, int limit) {
        this.name = name;
        this.bindHost = bindHost;
        this.configuredPort = port;
        this.pool = pool;
        this.limit = limit;
    }

    /** Listeners report their bound port here (the real one when configured as 0); -1 when unbound. */
    public void bound(int port) {
        boundPort = port;
    }

    public int configuredPort() {
        return configuredPort;
    }

    /** The start-up failure of a listener, naming the config key. */
    public IllegalStateException cannotListen(Throwable e) {
        return new IllegalStateException("lb.frontends." + name + ": cannot listen on " + protocol().id() + " " + bindHost
                + ":" + configuredPort + " (" + e.getMessage() + ")", e);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String bindHost() {
        return bindHost;
    }

    @Override
    public int port() {
        return boundPort;
    }

    @Override
    public boolean bound() {
        return boundPort > 0;
    }

    @Override
    public Pool pool() {
        return pool;
    }

    @Override
    public int limit() {
        return limit;
    }

    @Override
    public FrontendStats stats() {
        return stats;
    }
}
