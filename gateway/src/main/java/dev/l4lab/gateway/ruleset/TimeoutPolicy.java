package dev.l4lab.gateway.ruleset;

/**
 * nftables "ct timeout" policies for new flows (POLICY mechanism). Policies are immutable in the kernel, so
 * each change makes a new generation and the old one is deleted in the same transaction.
 */
public record TimeoutPolicy(int generation, int tcpEstablished, int udpUnreplied, int udpReplied) {

    public String tcpName() {
        return "tcp-g" + generation;
    }

    public String udpName() {
        return "udp-g" + generation;
    }
}
