package dev.l4lab.probe.guard;

import dev.l4lab.probe.net.AddressText;
import io.vertx.core.http.HttpServerRequest;

/** Who a client is for the rate limit and the per-client cap: its IP address, in one spelling for every transport. */
public final class Clients {

    private Clients() {
    }

    public static String of(HttpServerRequest request) {
        return request.remoteAddress() == null || request.remoteAddress().hostAddress() == null ? "unknown"
                : AddressText.ofLiteral(request.remoteAddress().hostAddress());
    }
}
