package dev.l4lab.echo.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every TCP listener needs a port of its own. Two Vert.x NetServers given the same port do not fail to bind:
 * Vert.x shares one listening socket between them and hands connections to each in turn, so echo and discard
 * on one port would each get every other connection. Port 0 (any free port) is always distinct.
 */
public final class DistinctPorts {

    private DistinctPorts() {
    }

    /** Throws IllegalStateException naming both keys when two TCP listeners are configured on one port. */
    public static void check(EchoConfig config) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("echo.tcp.port", config.tcp().port());
        ports.put("echo.discard.port", config.discard().port());
        ports.put("echo.chargen.port", config.chargen().port());
        ports.put("echo.whoami-proxy.port", config.whoamiProxy().port());
        Map<Integer, String> seen = new LinkedHashMap<>();
        ports.forEach((key, port) -> {
            String other = port == 0 ? null : seen.putIfAbsent(port, key);
            if (other != null) {
                throw new IllegalStateException(other + " and " + key + " are both " + port
                    + ": each TCP listener needs its own port");
            }
        });
    }
}
