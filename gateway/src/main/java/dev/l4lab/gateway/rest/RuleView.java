package dev.l4lab.gateway.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One rule: {@code port} is the port the client addressed (null: every port), {@code packets} the new
 * connections it matched (the security group sees only a flow's first packet), {@code bytes} their bytes.
 */
@RegisterForReflection
public record RuleView(long id, String protocol, String port, String source, String action, String description, long packets, long bytes) {
}
