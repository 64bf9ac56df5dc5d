package dev.l4lab.echo.connections;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

@Path("/connections")
@Produces(MediaType.APPLICATION_JSON)
public class ConnectionsResource {

    private final ConnectionRegistry registry;

    public ConnectionsResource(ConnectionRegistry registry) {
        this.registry = registry;
    }

    @GET
    public ConnectionList list() {
        List<ConnectionView> rows = registry.snapshot();
        return new ConnectionList(rows, rows.size());
    }
}
