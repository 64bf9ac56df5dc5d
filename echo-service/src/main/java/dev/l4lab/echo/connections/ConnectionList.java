package dev.l4lab.echo.connections;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** Body of GET /connections. */
@RegisterForReflection
public record ConnectionList(List<ConnectionView> connections, int count) {
}
