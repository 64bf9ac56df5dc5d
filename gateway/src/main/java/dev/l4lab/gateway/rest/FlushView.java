package dev.l4lab.gateway.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** DELETE /conntrack. */
@RegisterForReflection
public record FlushView(long deleted) {
}
