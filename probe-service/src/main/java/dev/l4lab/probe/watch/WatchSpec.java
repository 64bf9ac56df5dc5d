package dev.l4lab.probe.watch;

import dev.l4lab.probe.v1.Protocol;

/** A validated watch request. */
public record WatchSpec(String host, int port, Protocol protocol, int count, int intervalMs, int timeoutMs,
                        byte[] payload) {
}
