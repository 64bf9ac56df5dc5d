package dev.l4lab.echo.faults;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** 400 body: {"error":"latencyMs must be 0..60000","field":"latencyMs"}; field is null when the body is unreadable. */
@RegisterForReflection
public record ApiError(String error, String field) {
}
