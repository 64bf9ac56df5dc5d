package dev.l4lab.echo.identity;

import dev.l4lab.echo.connections.Endpoint;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/** Body of GET /whoami (port 8080 and the PROXY-protocol port 8081). proxyClient is null without PROXY. */
@RegisterForReflection
public record Whoami(String instance, Endpoint peer, Endpoint local, Map<String, String> headers,
                     Endpoint proxyClient) {
}
