package dev.l4lab.lb.pool;

import java.util.Locale;

/** PROXY protocol header written to backends of a pool (HAProxy send-proxy / send-proxy-v2). */
public enum ProxyProtocolMode {
    NONE, V1, V2;

    public static ProxyProtocolMode parse(String text) {
        return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
            case "none", "off" -> NONE;
            case "v1", "send-proxy" -> V1;
            case "v2", "send-proxy-v2" -> V2;
            default -> throw new IllegalArgumentException("unknown PROXY protocol mode '" + text + "' (expected none, v1 or v2)");
        };
    }
}
