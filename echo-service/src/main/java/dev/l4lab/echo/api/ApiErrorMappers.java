package dev.l4lab.echo.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns errors into JSON bodies that name the field. */
public class ApiErrorMappers {

    @ServerExceptionMapper
    public Response api(ApiException e) {
        Response.ResponseBuilder b = Response.status(e.status()).type(MediaType.APPLICATION_JSON)
            .entity(new ApiError(e.getMessage(), e.field()));
        if (e.status() == 401) {
            b.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return b.build();
    }

    /** More specific than Quarkus's own mapper for this type (which answers 400 without a body). */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return malformed(e);
    }

    /** Jackson's own errors (wrong type, unknown field, trailing tokens, syntax): 400 naming the field. */
    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e) {
        String field = fieldOf(e);
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

    /** The nearest named field on the error's path (for "refuse[0]" that is "refuse"), else "body". */
    static String fieldOf(JsonProcessingException e) {
        if (e instanceof JsonMappingException m) {
            List<JsonMappingException.Reference> path = m.getPath();
            for (int i = path.size() - 1; i >= 0; i--) {
                if (path.get(i).getFieldName() != null) {
                    return path.get(i).getFieldName();
                }
            }
        }
        return "body";
    }

    private static Response json(int status, ApiError error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(error).build();
    }
}
