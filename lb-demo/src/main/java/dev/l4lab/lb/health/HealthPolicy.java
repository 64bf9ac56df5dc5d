package dev.l4lab.lb.health;

import java.time.Duration;
import java.util.Optional;

/** How a pool's backends are checked. type is TCP, UDP or NONE. */
public record HealthPolicy(CheckType type, Duration interval, Duration timeout, int rise, int fall, int port,
        Optional<String> send, Optional<String> expect, int passiveFall) {

    public enum CheckType { TCP, UDP, NONE }

    public static HealthPolicy defaults() {
        return new HealthPolicy(CheckType.TCP, Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 3, 0,
                Optional.empty(), Optional.empty(), 3);
    }
}
