package dev.l4lab.probe.rest;

import dev.l4lab.probe.error.ProbeException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every REST error as JSON {"error": ..., "field": ...}: refusals, framework errors and the unexpected. */
public class ApiErrorMappers {

    private static final Logger LOG = Logger.getLogger(ApiErrorMappers.class);

    @ServerExceptionMapper
    public Response probe(ProbeException e) {
        return toResponse(e);
    }

    /** 404, 405, 406, 413, 415 and friends from the framework get the same body shape. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Response r = e.getResponse();
        if (r.hasEntity() || r.getStatus() < 400) {
            return r;
        }
        return json(r.getStatus(), new ApiError(r.getStatusInfo().getReasonPhrase(), null)).build();
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected error in a REST call", e);
        return json(500, new ApiError("internal error: " + e.getClass().getSimpleName(), null)).build();
    }

    static Response toResponse(ProbeException e) {
        Response.ResponseBuilder b = json(e.kind().httpStatus, new ApiError(e.getMessage(), e.field()));
        if (e.kind() == ProbeException.Kind.UNAUTHENTICATED) {
            b.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        if (e.kind() == ProbeException.Kind.RESOURCE_EXHAUSTED) {
            b.header("Retry-After", "1");
        }
        return b.build();
    }

    private static Response.ResponseBuilder json(int status, ApiError error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(error);
    }
}
