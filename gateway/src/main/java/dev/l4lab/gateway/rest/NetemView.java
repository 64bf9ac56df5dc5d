package dev.l4lab.gateway.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Whether this kernel has tc netem, and tc's answer when it has not. */
@RegisterForReflection
public record NetemView(boolean supported, String detail) {
}
