package dev.l4lab.gateway.nat;

/** A mapping whose target host name has been resolved once to the IPv4 address the kernel rule uses. */
public record ResolvedMapping(PortMapping mapping, String targetAddress) {
}
