package dev.l4lab.lb.udp;

import dev.l4lab.lb.config.LbConfig;

/** UDP frontend settings; maxSessions is the resource plan's (configured, or derived when unset). */
public record UdpSettings(long sessionTimeoutMs, int maxSessions, int newSessionsPerSecond, boolean perPacket) {

    /** The largest UDP payload (65535 minus the 8-byte UDP header): a read buffer this big never truncates. */
    static final int MAX_DATAGRAM = 65_535;
    /** The frontend socket's kernel receive buffer (the kernel caps it at net.core.rmem_max). */
    static final int FRONTEND_RECEIVE_BUFFER = 1 << 20;
    /** Datagrams read per wake-up of a socket (Netty's default for datagram channels). */
    static final int READS_PER_WAKEUP = 16;
    /** Bytes one session may hold while its backend's name resolves for the first time. */
    static final int PENDING_BYTES_PER_SESSION = 64 * 1024;
    /** Bytes all sessions of a frontend may hold that way together. */
    static final int PENDING_BYTES_PER_FRONTEND = 4 << 20;
    /** A backend name a session sends to is resolved again (in the background) after this long. */
    static final long RESOLVE_AGAIN_NANOS = 10_000_000_000L;

    public static UdpSettings of(LbConfig.Udp u, int maxSessions) {
        return new UdpSettings(u.sessionTimeout().toMillis(), maxSessions, u.newSessionsPerSecond(), u.perPacket());
    }

    long sweepIntervalMs() {
        return Math.max(50, Math.min(1000, sessionTimeoutMs / 4));
    }
}
