package dev.l4lab.probe.tcp;

import dev.l4lab.probe.input.Expect;

/** A validated TcpProbe request: timeouts in ms, optional bytes to send and regex to expect. */
public record TcpProbeSpec(String host, int port, int timeoutMs, byte[] send, Expect expect,
                           int readTimeoutMs, int maxBannerBytes) {

    /** Whether to read after connecting at all. */
    public boolean reads() {
        return readTimeoutMs > 0;
    }
}
