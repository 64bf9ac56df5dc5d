package dev.l4lab.probe.scan;

import java.util.BitSet;

/** Hands out a scan's ports in ascending order to its lanes, each port once. */
final class PortCursor {

    private final BitSet ports;
    private int next;

    PortCursor(BitSet ports) {
        this.ports = ports;
    }

    /** The next port, or -1 when every port has been handed out. */
    synchronized int next() {
        int port = next < 0 ? -1 : ports.nextSetBit(next);
        next = port < 0 ? -1 : port + 1;
        return port;
    }
}
