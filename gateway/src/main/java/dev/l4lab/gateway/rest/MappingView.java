package dev.l4lab.gateway.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One port mapping: the outside address:port, the configured target and the address it resolved to, and the connections it translated. */
@RegisterForReflection
public record MappingView(String name, String protocol, int port, String outside, String to, String target, long connections) {
}
