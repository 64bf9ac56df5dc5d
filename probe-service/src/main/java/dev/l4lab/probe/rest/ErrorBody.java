package dev.l4lab.probe.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** REST error body: {"error": "...", "field": "timeoutMs" | null}. */
@RegisterForReflection
public record ErrorBody(String error, String field) {
}
