package dev.l4lab.lb.pool;

/** Told when the admin API adds or removes a backend (health checks and metrics follow). */
public interface PoolListener {
    void backendAdded(Pool pool, Backend backend);

    void backendRemoved(Pool pool, Backend backend);
}
