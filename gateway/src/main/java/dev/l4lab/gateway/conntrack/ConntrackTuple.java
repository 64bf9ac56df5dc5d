package dev.l4lab.gateway.conntrack;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One direction of a tracked flow, as conntrack prints it: addresses, ports (TCP/UDP) or ICMP type/code/id,
 * and the packets and bytes seen that way when accounting is on (null when it is off).
 */
@RegisterForReflection
public record ConntrackTuple(String src, String dst, Integer sport, Integer dport, Integer icmpType, Integer icmpCode,
                             Integer icmpId, Long packets, Long bytes) {

    /** "198.18.1.2:36284 -> 198.18.1.1:80", or without ports for ICMP. */
    public String text() {
        return sport == null ? src + " -> " + dst : src + ":" + sport + " -> " + dst + ":" + dport;
    }
}
