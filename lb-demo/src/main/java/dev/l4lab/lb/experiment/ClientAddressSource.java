package dev.l4lab.lb.experiment;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Where a backend's whoami answer tells who the client was, for each kind of path. */
enum ClientAddressSource {
    /** L4 without PROXY protocol: only the TCP peer, which is the LB's own socket. */
    PEER("peer address"),
    /** L7: the last X-Forwarded-For element, the one our LB appended. */
    X_FORWARDED_FOR("X-Forwarded-For"),
    /** L4 with PROXY protocol: the source address from the PROXY header. */
    PROXY_HEADER("PROXY header");

    private final String label;

    ClientAddressSource(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** "ip" (X-Forwarded-For) or "ip:port" (peer, PROXY) as the backend saw it; null when absent. */
    String seen(JsonObject whoami) {
        return switch (this) {
            case PEER -> endpoint(whoami.getJsonObject("peer"));
            case PROXY_HEADER -> endpoint(whoami.getJsonObject("proxyClient"));
            case X_FORWARDED_FOR -> lastForwardedFor(whoami.getJsonObject("headers"));
        };
    }

    private static String endpoint(JsonObject o) {
        return o == null || o.getString("address") == null ? null : o.getString("address") + ":" + o.getValue("port");
    }

    private static String lastForwardedFor(JsonObject headers) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, Object> e : headers) {
            if (e.getKey().equalsIgnoreCase("x-forwarded-for") && e.getValue() != null) {
                String v = e.getValue().toString();
                int comma = v.lastIndexOf(',');
                return (comma < 0 ? v : v.substring(comma + 1)).trim();
            }
        }
        return null;
    }
}
