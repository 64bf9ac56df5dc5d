package dev.l4lab.echo.identity;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
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

    /**
     * Behind PROXY protocol: Vert.x has decoded the header; remoteAddress(true) is the real socket peer (the
     * proxy), remoteAddress() the client the header carried. For LOCAL/UNKNOWN headers they are equal.
     */
    public Whoami proxied(HttpServerRequest request) {
        SocketAddress real = request.connection().remoteAddress(true);
        SocketAddress carried = request.connection().remoteAddress();
        Endpoint peer = Endpoint.of(real);
        Endpoint client = Endpoint.of(carried);
        return new Whoami(identity.name(), peer, Endpoint.of(request.connection().localAddress(true)),
            headers(request), client != null && !client.equals(peer) ? client : null);
    }

    private static Map<String, String> headers(HttpServerRequest request) {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : request.headers().names()) {
            out.put(name, String.join(", ", request.headers().getAll(name)));
        }
        return out;
    }
}
