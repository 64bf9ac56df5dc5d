package dev.l4lab.gateway.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** GET /nat: where the mappings live and what they lead to, with the connections each translated. */
@RegisterForReflection
public record NatView(InterfaceView outside, InterfaceView lab, String portAllocation, List<MappingView> mappings, long masqueradedConnections) {
}
