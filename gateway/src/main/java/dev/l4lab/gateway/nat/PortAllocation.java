package dev.l4lab.gateway.nat;

/**
 * How MASQUERADE picks the source port on the lab side. RANDOM ("fully-random", as many cloud NATs do) gives
 * every new mapping a fresh random port, so a flow that expired and came back is visibly a new mapping;
 * PRESERVE keeps the client's port when it is free.
 */
public enum PortAllocation {
    RANDOM, PRESERVE
}
