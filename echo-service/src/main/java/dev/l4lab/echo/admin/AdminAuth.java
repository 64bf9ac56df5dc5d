package dev.l4lab.echo.admin;

import dev.l4lab.echo.api.ApiErrorMappers;
import dev.l4lab.echo.api.ApiException;
import dev.l4lab.echo.config.EchoConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The optional admin token (echo.admin.token), as probe-service's probe.auth.token: when set, a request
 * that changes state needs "Authorization: Bearer &lt;token&gt;", else 401 with the JSON error and
 * WWW-Authenticate: Bearer. Reads (GET /faults, /connections, /whoami), health and metrics stay open.
 */
public class AdminAuth {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final Optional<byte[]> token;
    private final ApiErrorMappers errors = new ApiErrorMappers();

    public AdminAuth(EchoConfig config) {
        this.token = config.admin().token().map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    @ServerRequestFilter
    public Response check(ContainerRequestContext ctx) {
        if (token.isEmpty() || READS.contains(ctx.getMethod()) || ctx.getUriInfo().getPath().startsWith("/q/")) {
            return null;
        }
        String authorization = ctx.getHeaderString(HttpHeaders.AUTHORIZATION);
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
            ? authorization.substring(7).trim() : null;
        if (presented == null) {
            return errors.api(ApiException.unauthorized("missing bearer token (Authorization: Bearer <token>)"));
        }
        if (!MessageDigest.isEqual(token.get(), presented.getBytes(StandardCharsets.UTF_8))) {
            return errors.api(ApiException.unauthorized("invalid bearer token"));
        }
        return null;
    }
}
