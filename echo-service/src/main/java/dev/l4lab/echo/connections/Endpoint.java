package dev.l4lab.echo.connections;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.net.InetSocketAddress;

/** An address and port as JSON: {"address":"172.28.0.5","port":40312}. */
@RegisterForReflection
public record Endpoint(String address, int port) {

    public static Endpoint of(InetSocketAddress a) {
        return a == null ? null : new Endpoint(a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString(), a.getPort());
    }

    public static Endpoint of(io.vertx.core.net.SocketAddress a) {
        return a == null ? null : new Endpoint(a.hostAddress() != null ? a.hostAddress() : a.host(), a.port());
    }
}
