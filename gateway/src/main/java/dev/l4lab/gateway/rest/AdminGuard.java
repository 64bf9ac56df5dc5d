package dev.l4lab.gateway.rest;

import dev.l4lab.gateway.api.ErrorBody;
import dev.l4lab.gateway.config.GatewayConfig;
import dev.l4lab.gateway.net.Ipv4Cidr;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The admin API's fences, as probe-service's: an optional bearer token (constant-time comparison; health and
 * metrics stay open), and the lab network only: a request that reached the gateway on its outside address is
 * refused here too, behind the kernel rule that already drops the admin port on the outside interface.
 */
public class AdminGuard {

    private final Optional<byte[]> token;
    private final Ipv4Cidr outside;
    private final MeterRegistry registry;

    public AdminGuard(GatewayConfig config, MeterRegistry registry) {
        this.token = config.auth().token().map(t -> t.getBytes(StandardCharsets.UTF_8));
        this.outside = Ipv4Cidr.parse(config.interfaces().outsideCidr());
        this.registry = registry;
    }

    @ServerRequestFilter(preMatching = true)
    public Response admit(ContainerRequestContext ctx, HttpServerRequest request) {
        String path = request.path();
        if (path == null || path.startsWith("/q/")) {
            return null;
        }
        if (request.localAddress() != null && outside.contains(request.localAddress().hostAddress())) {
            registry.counter("gateway.rejected.requests", "reason", "outside-network").increment();
            return json(Response.Status.FORBIDDEN, "the admin API is served on the lab network only");
        }
        if (token.isPresent()) {
            String auth = ctx.getHeaderString(HttpHeaders.AUTHORIZATION);
            String presented = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
            if (presented == null || !MessageDigest.isEqual(token.get(), presented.getBytes(StandardCharsets.UTF_8))) {
                registry.counter("gateway.rejected.requests", "reason", "unauthenticated").increment();
                Response r = json(Response.Status.UNAUTHORIZED, presented == null
                        ? "missing bearer token (Authorization: Bearer <token>)" : "invalid bearer token");
                return Response.fromResponse(r).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
            }
        }
        return null;
    }

    private static Response json(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(message, null)).build();
    }
}
