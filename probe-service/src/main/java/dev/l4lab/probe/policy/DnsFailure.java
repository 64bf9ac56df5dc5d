package dev.l4lab.probe.policy;

/** The name did not resolve; probes report it as the DNS_FAILURE state, not as an RPC error. */
public class DnsFailure extends Exception {

    private final double dnsMs;

    public DnsFailure(String message, double dnsMs) {
        super(message, null, false, false);
        this.dnsMs = dnsMs;
    }

    public double dnsMs() {
        return dnsMs;
    }
}
