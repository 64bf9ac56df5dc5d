package dev.l4lab.gateway.ruleset;

/** Packets and bytes an nft rule's counter has seen. */
public record Counter(long packets, long bytes) {

    public static final Counter ZERO = new Counter(0, 0);

    public Counter plus(Counter other) {
        return new Counter(packets + other.packets, bytes + other.bytes);
    }
}
