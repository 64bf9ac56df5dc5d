package dev.l4lab.probe.rest;

import dev.l4lab.probe.api.ProbeException;
import dev.l4lab.probe.guard.AccessGuard;
import dev.l4lab.probe.metrics.ProbeMetrics;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Bearer token and per-client rate limit for /api/v1; maps ProbeException to 400/401/403/429 JSON. */
public class RestGuard {

    private final AccessGuard guard;
    private final ProbeMetrics metrics;

    public RestGuard(AccessGuard guard, ProbeMetrics metrics) {
        this.guard = guard;
        this.metrics = metrics;
    }

    @ServerRequestFilter
    public Response admit(ContainerRequestContext ctx, HttpServerRequest request) {
        if (!ctx.getUriInfo().getPath().startsWith("/api/")) {
            return null;
        }
        try {
            String client = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
            guard.admit(client, ctx.getHeaderString(HttpHeaders.AUTHORIZATION));
            return null;
        } catch (ProbeException e) {
            metrics.call("rest", e.kind().name(), System.nanoTime());
            return toResponse(e);
        }
    }

    @ServerExceptionMapper
    public Response map(ProbeException e) {
        return toResponse(e);
    }

    static Response toResponse(ProbeException e) {
        Response.ResponseBuilder b = Response.status(e.kind().httpStatus).type(MediaType.APPLICATION_JSON)
                .entity(new ErrorBody(e.getMessage(), e.field()));
        if (e.kind() == ProbeException.Kind.UNAUTHENTICATED) {
            b.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        if (e.kind() == ProbeException.Kind.RESOURCE_EXHAUSTED) {
            b.header("Retry-After", "1");
        }
        return b.build();
    }
}
