package dev.l4lab.echo.faults;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

public class InvalidFieldMapper {

    @ServerExceptionMapper
    public Response map(InvalidFieldException e) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
            .entity(new ApiError(e.getMessage(), e.field())).build();
    }
}
