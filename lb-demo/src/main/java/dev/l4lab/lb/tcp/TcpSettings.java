package dev.l4lab.lb.tcp;

import dev.l4lab.lb.config.LbConfig;

/** Timeouts and limits of a TCP frontend, in milliseconds. */
public record TcpSettings(int maxConnections, int connectTimeoutMs, int retries, long idleTimeoutMs,
        long clientFinTimeoutMs, long serverFinTimeoutMs) {

    /** @param maxConnections the limit of the resource plan (configured, or derived when unset) */
    public static TcpSettings of(LbConfig.Frontend f, int maxConnections) {
        return new TcpSettings(maxConnections, (int) f.connectTimeout().toMillis(), f.retries(),
                f.idleTimeout().toMillis(), f.clientFinTimeout().toMillis(), f.serverFinTimeout().toMillis());
    }

    /** How often idle connections are looked for: a quarter of the shortest timeout, 50 ms to 1 s. */
    long sweepIntervalMs() {
        long shortest = Math.min(idleTimeoutMs, Math.min(clientFinTimeoutMs, serverFinTimeoutMs));
        return Math.max(50, Math.min(1000, shortest / 4));
    }
}
