package dev.l4lab.echo.connections;

import dev.l4lab.echo.identity.Endpoint;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** One row of GET /connections. */
@RegisterForReflection
public record ConnectionView(long id, String listener, Endpoint peer, Endpoint proxyClient, String startedAt,
                             long bytesIn, long bytesOut) {
}
