package dev.l4lab.lb.rest;

import dev.l4lab.lb.config.LbConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The optional bearer token of the admin API (lb.auth.token, off by default), as probe-service's: every REST call
 * needs "Authorization: Bearer <token>", else 401 with WWW-Authenticate: Bearer. The comparison is constant-time.
 * Health, metrics, OpenAPI and the dashboard's static files are not REST resources and stay open.
 */
public class AdminToken {

    private final Optional<byte[]> token;
    private final RejectedRequests rejected;

    public AdminToken(LbConfig config, RejectedRequests rejected) {
        this.token = config.auth().token().map(t -> t.getBytes(StandardCharsets.UTF_8));
        this.rejected = rejected;
    }

    @ServerRequestFilter
    public Response check(ContainerRequestContext ctx) {
        if (token.isEmpty()) {
            return null;
        }
        String authorization = ctx.getHeaderString(HttpHeaders.AUTHORIZATION);
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : null;
        if (presented == null) {
            return unauthorized("missing bearer token (Authorization: Bearer <token>)");
        }
        if (!MessageDigest.isEqual(token.get(), presented.getBytes(StandardCharsets.UTF_8))) {
            return unauthorized("invalid bearer token");
        }
        return null;
    }

    private Response unauthorized(String why) {
        rejected.count(401);
        return Response.fromResponse(ApiErrorMappers.body(401, new ApiError(why, null)))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }
}
