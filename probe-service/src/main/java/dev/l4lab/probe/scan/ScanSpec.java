package dev.l4lab.probe.scan;

import dev.l4lab.probe.v1.Protocol;
import java.util.BitSet;

/** A validated scan request; {@code ports} is a set (8 KiB at most, whatever the port list). */
public record ScanSpec(String host, BitSet ports, Protocol protocol, int concurrency, int timeoutMs, byte[] payload,
                       boolean openOnly) {

    public int portCount() {
        return ports.cardinality();
    }
}
