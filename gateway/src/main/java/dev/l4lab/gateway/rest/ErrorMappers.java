package dev.l4lab.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
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

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        String field = null;
        String message;
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            field = path(m);
        }
        if (e instanceof UnrecognizedPropertyException u) {
            message = "unknown field '" + u.getPropertyName() + "'";
        } else if (e instanceof JsonMappingException) {
            message = "wrong type of value" + (field == null ? "" : " for " + field) + ": " + e.getOriginalMessage().split("\n")[0];
        } else {
            message = "the body is not valid JSON: " + e.getOriginalMessage().split("\n")[0];
        }
        return Response.status(400).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(message, field == null ? "body" : field)).build();
    }

    /** "rules[2].port" from Jackson's reference chain. */
    static String path(JsonMappingException m) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            }
        }
        return b.length() == 0 ? null : b.toString();
    }
}
