package dev.l4lab.lb.admin;

/** Error body: {"error": "...", "field": "weight"}. */
public record ApiError(String error, String field) {
}
