package dev.l4lab.gateway.firewall;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A rule as a client writes it (REST body or one entry of the config). Every field is text so that a wrong
 * value gets a message naming the field instead of a JSON mapping error; {@link RuleParser} checks them.
 * {@code port} may be a JSON number or a string ("80", "1000-2000").
 */
@RegisterForReflection
public record RuleInput(String protocol, String port, String source, String action, String description) {
}
