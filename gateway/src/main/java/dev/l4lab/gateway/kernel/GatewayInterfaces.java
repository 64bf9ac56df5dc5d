package dev.l4lab.gateway.kernel;

/** The gateway's two sides, found by their networks at start-up. */
public record GatewayInterfaces(NetInterface outside, NetInterface lab) {
}
