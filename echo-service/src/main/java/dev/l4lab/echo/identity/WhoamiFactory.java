package dev.l4lab.echo.identity;

import dev.l4lab.echo.connections.Endpoint;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;

/** Builds the whoami answer from a Vert.x request, for both HTTP ports. */
@ApplicationScoped
public class WhoamiFactory {

    private final InstanceIdentity identity;

    public WhoamiFactory(InstanceIdentity identity) {
        this.identity = identity;
    }

    /** On the plain port: the socket's peer; no PROXY client. */
    public Whoami direct(HttpServerRequest request) {
        return new Whoami(identity.name(), Endpoint.of(request.remoteAddress()), Endpoint.of(request.localAddress()),
            headers(request), null);
    }

    /** Behind PROXY protocol: peer is the socket's peer (the proxy), proxyClient the client its header named. */
    public Whoami proxied(HttpServerRequest request, Endpoint proxyClient) {
        return new Whoami(identity.name(), Endpoint.of(request.connection().remoteAddress()),
            Endpoint.of(request.connection().localAddress()), headers(request), proxyClient);
    }

    private static Map<String, String> headers(HttpServerRequest request) {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : request.headers().names()) {
            out.put(name, String.join(", ", request.headers().getAll(name)));
        }
        return out;
    }
}
