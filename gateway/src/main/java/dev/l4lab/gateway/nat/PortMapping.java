package dev.l4lab.gateway.nat;

import dev.l4lab.gateway.net.Protocol;

/**
 * One port mapping (DNAT): {@code protocol/port} on the gateway's outside address goes to
 * {@code targetHost:targetPort} on the lab network. {@code name} says what it stands for ("web", "dns").
 */
public record PortMapping(String name, Protocol protocol, int port, String targetHost, int targetPort) {

    public String key() {
        return protocol.kernelName() + "/" + port;
    }
}
