package dev.l4lab.probe.scan;

import dev.l4lab.probe.v1.Protocol;

/** A validated scan request. */
public record ScanSpec(String host, int[] ports, Protocol protocol, int concurrency, int timeoutMs, byte[] payload,
                       boolean openOnly) {
}
