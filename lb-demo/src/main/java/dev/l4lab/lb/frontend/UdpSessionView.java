package dev.l4lab.lb.frontend;

/** One row of GET /connections (udp): the NAT table analogue. */
public record UdpSessionView(String client, String frontend, String backend, int upstreamPort, long packetsIn,
        long packetsOut, long bytesIn, long bytesOut, long ageMs, long idleMs) {
}
