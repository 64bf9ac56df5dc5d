package dev.l4lab.lb.udp;

import dev.l4lab.lb.config.LbConfig;

/** UDP frontend settings. */
public record UdpSettings(long sessionTimeoutMs, int maxSessions, boolean perPacket) {

    /** Datagrams held per session while its upstream socket is being bound. */
    static final int MAX_PENDING = 64;

    public static UdpSettings of(LbConfig.Udp u) {
        return new UdpSettings(u.sessionTimeout().toMillis(), u.maxSessions(), u.perPacket());
    }

    long sweepIntervalMs() {
        return Math.max(50, Math.min(1000, sessionTimeoutMs / 4));
    }
}
