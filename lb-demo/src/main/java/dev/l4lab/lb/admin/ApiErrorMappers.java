package dev.l4lab.lb.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns errors into JSON bodies that name the field. */
public class ApiErrorMappers {

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return json(e.status(), new ApiError(e.getMessage(), e.field()));
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return malformed(e);
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e) {
        String field = "body";
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()
                && m.getPath().get(m.getPath().size() - 1).getFieldName() != null) {
            field = m.getPath().get(m.getPath().size() - 1).getFieldName();
        }
        return json(400, new ApiError("bad JSON for '" + field + "': " + e.getOriginalMessage(), field));
    }

    /** Quarkus wraps JSON syntax errors in a bare 400; give it a body naming the body as the field. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException jpe) {
            return malformed(jpe);
        }
        Response r = e.getResponse();
        if (r.hasEntity() || r.getStatus() < 400) {
            return r;
        }
        return json(r.getStatus(), new ApiError(r.getStatusInfo().getReasonPhrase(), null));
    }

    private static Response json(int status, ApiError error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(error).build();
    }
}
