package dev.l4lab.probe.rest;

import dev.l4lab.probe.error.ProbeException;
import dev.l4lab.probe.guard.AccessGuard;
import dev.l4lab.probe.guard.Calls;
import dev.l4lab.probe.guard.Clients;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Bearer token and per-client rate limit for every {@link Guarded} resource, before its method runs. */
public class RestGuard {

    private final AccessGuard guard;
    private final Calls calls;

    public RestGuard(AccessGuard guard, Calls calls) {
        this.guard = guard;
        this.calls = calls;
    }

    @Guarded
    @ServerRequestFilter
    public Response admit(ContainerRequestContext ctx, HttpServerRequest request) {
        try {
            guard.admit(Clients.of(request), ctx.getHeaderString(HttpHeaders.AUTHORIZATION));
            return null;
        } catch (ProbeException e) {
            calls.refused(ctx.getUriInfo().getPath().startsWith("/probe") ? "Probe" : "rest", e);
            return ApiErrorMappers.toResponse(e);
        }
    }
}
