package dev.l4lab.lb.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every error into the {@link ApiError} body: ours, Jackson's (naming the JSON field), and Quarkus' own. */
public class ApiErrorMappers {

    private final RejectedRequests rejected;

    public ApiErrorMappers(RejectedRequests rejected) {
        this.rejected = rejected;
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return json(e.status(), new ApiError(e.getMessage(), e.field()));
    }

    /** Quarkus has its own mapper for this one; the more specific type wins, so it is named here too. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return malformed(e);
    }

    /** Malformed JSON ("field": "body"), a wrong type or an unknown field (the field's name). */
    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e) {
        String field = "body";
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()
                && m.getPath().get(m.getPath().size() - 1).getFieldName() != null) {
            field = m.getPath().get(m.getPath().size() - 1).getFieldName();
        }
        return json(400, new ApiError("bad JSON for '" + field + "': " + e.getOriginalMessage(), field));
    }

    /** Quarkus wraps JSON syntax errors in a bare 400, and answers 404/405/415 without a body: give them one. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException jpe) {
            return malformed(jpe);
        }
        Response r = e.getResponse();
        if (r.hasEntity() || r.getStatus() < 400) {
            return r;
        }
        return json(r.getStatus(), new ApiError(r.getStatusInfo().getReasonPhrase(), null));
    }

    private Response json(int status, ApiError error) {
        rejected.count(status);
        return body(status, error);
    }

    static Response body(int status, ApiError error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(error).build();
    }
}
