package dev.l4lab.echo.connections;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** Body of GET /connections: at most ConnectionsResource.MAX_ROWS rows, the oldest first; count is all connections. */
@RegisterForReflection
public record ConnectionList(List<ConnectionView> connections, int count) {
}
