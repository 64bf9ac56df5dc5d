package dev.l4lab.probe.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Error body: {"error": "...", "field": "timeoutMs" | null}. Built in exception mappers, so registered explicitly. */
@RegisterForReflection
public record ApiError(String error, String field) {
}
