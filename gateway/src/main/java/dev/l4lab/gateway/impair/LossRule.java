package dev.l4lab.gateway.impair;

import dev.l4lab.gateway.net.Protocol;

/**
 * Random loss on the link: each packet of {@code protocol} (null: every protocol) going {@code direction} is
 * dropped with probability {@code basisPoints}/10000 (500 = 5 %).
 */
public record LossRule(Direction direction, Protocol protocol, int basisPoints) {

    public double percent() {
        return basisPoints / 100.0;
    }

    public String protocolText() {
        return protocol == null ? "all" : protocol.kernelName();
    }
}
