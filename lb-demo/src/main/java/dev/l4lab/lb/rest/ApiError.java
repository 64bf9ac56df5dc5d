package dev.l4lab.lb.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Every REST error body: {"error": "what is wrong", "field": "the input field at fault, or null"}. Built in
 * exception mappers, which Quarkus does not scan for JSON types, so it is registered explicitly.
 */
@RegisterForReflection
public record ApiError(String error, String field) {
}
