package dev.l4lab.lb.pool;

import java.time.Duration;
import java.util.Optional;

/** How a pool's backends are checked (HAProxy's check, inter, rise, fall) and when real traffic marks them DOWN. */
public record HealthPolicy(CheckType type, Duration interval, Duration timeout, int rise, int fall, int port,
        Optional<String> send, Optional<String> expect, int passiveFall) {

    /** tcp: connect, then optional send/expect; udp: an echo of the payload; none: no active checks. */
    public enum CheckType { TCP, UDP, NONE }
}
