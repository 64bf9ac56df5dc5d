package dev.l4lab.gateway.kernel;

import dev.l4lab.gateway.net.Ipv4Cidr;

/** One of the gateway's interfaces: its name and index in its namespace, its IPv4 address and network. */
public record NetInterface(String name, int index, String address, Ipv4Cidr network) {
}
