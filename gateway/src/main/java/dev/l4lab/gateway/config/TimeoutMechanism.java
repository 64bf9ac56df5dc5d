package dev.l4lab.gateway.config;

/**
 * How conntrack timeouts are set. SYSCTL writes the namespace's nf_conntrack_* sysctls (every flow, at once);
 * POLICY attaches nftables "ct timeout" policies to new flows (netlink only, so it works where /proc/sys is
 * mounted read-only, as Docker does); AUTO picks SYSCTL when /proc/sys/net/netfilter is writable, else POLICY.
 */
public enum TimeoutMechanism {
    AUTO, SYSCTL, POLICY
}
