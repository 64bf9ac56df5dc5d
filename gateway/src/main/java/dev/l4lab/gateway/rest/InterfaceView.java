package dev.l4lab.gateway.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** GET /: one of the gateway's interfaces (name and index in its namespace, address, network). */
@RegisterForReflection
public record InterfaceView(String name, int index, String address, String network) {
}
