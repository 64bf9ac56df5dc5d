package dev.l4lab.echo.connections;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One row of GET /connections. */
@RegisterForReflection
public record ConnectionView(long id, String listener, String phase, Endpoint peer, Endpoint proxyClient,
                             String startedAt, long bytesIn, long bytesOut) {
}
