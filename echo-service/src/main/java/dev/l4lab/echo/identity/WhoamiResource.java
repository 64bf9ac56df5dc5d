package dev.l4lab.echo.identity;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

@Path("/whoami")
@Produces(MediaType.APPLICATION_JSON)
public class WhoamiResource {

    private final WhoamiFactory factory;

    public WhoamiResource(WhoamiFactory factory) {
        this.factory = factory;
    }

    @GET
    public Whoami whoami(@Context HttpServerRequest request) {
        return factory.direct(request);
    }
}
