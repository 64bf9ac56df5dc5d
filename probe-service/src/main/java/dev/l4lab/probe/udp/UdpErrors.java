package dev.l4lab.probe.udp;

import dev.l4lab.probe.net.ConnectError;
import dev.l4lab.probe.net.FailureReason;
import dev.l4lab.probe.v1.PortState;
import java.io.IOException;

/** What an IOException on a connected UDP socket means (ICMP port unreachable is handled before). */
final class UdpErrors {

    private UdpErrors() {
    }

    static PortState state(IOException e) {
        ConnectError kind = ConnectError.classify(e);
        return kind.state == PortState.UNREACHABLE ? PortState.UNREACHABLE : PortState.ERROR;
    }

    static FailureReason reason(IOException e) {
        return ConnectError.classify(e).reason;
    }
}
