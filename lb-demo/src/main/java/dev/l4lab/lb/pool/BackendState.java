package dev.l4lab.lb.pool;

/** What the admin API shows: MAINT and DRAINING are set by an operator, UP/DOWN by health checks. */
public enum BackendState {
    UP, DOWN, DRAINING, MAINT
}
