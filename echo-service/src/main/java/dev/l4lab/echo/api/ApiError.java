package dev.l4lab.echo.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Error body of every REST error: {"error": "latencyMs must be a whole number 0..60000", "field": "latencyMs"}.
 * field names the offending JSON field, "body" when the body as a whole is wrong, null when no field is to
 * blame (a missing token). Built in exception mappers, so registered explicitly.
 */
@RegisterForReflection
public record ApiError(String error, String field) {
}
