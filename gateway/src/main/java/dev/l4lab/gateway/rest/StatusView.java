package dev.l4lab.gateway.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** GET /: what the gateway is and where it stands. */
@RegisterForReflection
public record StatusView(String phase, String detail, String netns, String netnsInode, InterfaceView outside, InterfaceView lab, String timeoutMechanism, NetemView netem, String table, long transactions) {
}
