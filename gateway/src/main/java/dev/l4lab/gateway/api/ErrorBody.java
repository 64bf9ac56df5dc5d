package dev.l4lab.gateway.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** REST error body: {"error": "...", "field": "rules[2].port" | null}. */
@RegisterForReflection
public record ErrorBody(String error, String field) {
}
