package dev.l4lab.lb.pool;

/** Operator intent, kept apart from health (like HAProxy's admin vs operational state). */
public enum AdminState {
    /** Takes traffic when healthy. */
    READY,
    /** No new connections; existing ones finish. Health checks continue. */
    DRAINING,
    /** No new connections; existing ones finish; shown as MAINT whatever its health. */
    MAINT
}
