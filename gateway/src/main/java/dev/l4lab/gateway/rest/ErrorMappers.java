package dev.l4lab.gateway.rest;

import dev.l4lab.gateway.api.ApiException;
import dev.l4lab.gateway.api.ErrorBody;
import dev.l4lab.gateway.kernel.ToolFailure;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** One error shape for every failure: {"error": "...", "field": "..." | null}, with a status that says why. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response.ResponseBuilder b = Response.status(e.status()).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(e.getMessage(), e.field()));
        if (e.status() == 429 || e.status() == 503) {
            b.header("Retry-After", "1");
        }
        return b.build();
    }

    @ServerExceptionMapper
    public Response tool(ToolFailure e) {
        LOG.warnf("kernel tool failed: %s", e.getMessage());
        return Response.status(500).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody("a kernel tool failed: " + e.getMessage(), null)).build();
    }
}
