package dev.l4lab.probe.udp;

import dev.l4lab.probe.net.FailureReason;
import dev.l4lab.probe.v1.PortState;

/** What one UDP probe saw; {@code reason} is null when OPEN. */
public record UdpOutcome(PortState state, double rttMs, byte[] reply, String localAddress, int localPort,
                         int bytesSent, String error, FailureReason reason) {

    public String reasonWord() {
        return reason == null ? "" : reason.word;
    }
}
