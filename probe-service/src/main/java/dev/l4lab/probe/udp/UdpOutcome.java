package dev.l4lab.probe.udp;

import dev.l4lab.probe.v1.PortState;

/** What one UDP probe saw. */
public record UdpOutcome(PortState state, double rttMs, byte[] reply, String localAddress, int localPort,
                         int bytesSent, String error) {
}
