package dev.l4lab.gateway.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One loss rule with the packets and bytes it dropped (both directions summed for "both"). */
@RegisterForReflection
public record LossView(String direction, String protocol, double percent, long droppedPackets, long droppedBytes) {
}
