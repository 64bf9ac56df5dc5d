package dev.l4lab.lb.admin;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Error body: {"error": "...", "field": "weight"}. Built in exception mappers, so registered explicitly. */
@RegisterForReflection
public record ApiError(String error, String field) {
}
