package dev.l4lab.gateway.ruleset;

import dev.l4lab.gateway.kernel.GatewayInterfaces;

/**
 * Where the gateway stands: STARTING (retrying, {@code detail} says what it waits for), READY (the rule set
 * is in force), or REFUSED (it will not configure netfilter here; {@code detail} says why).
 */
public record GatewayStatus(Phase phase, String detail, String netnsInode, GatewayInterfaces interfaces,
                            String timeoutMechanism, long appliedTransactions) {

    public enum Phase { STARTING, READY, REFUSED }
}
