package dev.l4lab.echo.connections;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * GET /connections: the {@link #MAX_ROWS} oldest connections and the count of all of them. The rows are
 * capped so that one answer stays small (about 18 KiB): a client that asks and never reads holds one answer
 * in the service, and thousands of rows times the HTTP port's connections would not fit the heap.
 */
@Path("/connections")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionsResource {

    public static final int MAX_ROWS = 100;

    private final ConnectionRegistry registry;

    public ConnectionsResource(ConnectionRegistry registry) {
        this.registry = registry;
    }

    @GET
    public ConnectionList list() {
        return new ConnectionList(registry.snapshot(MAX_ROWS), registry.count());
    }
}
