package dev.l4lab.lb.pool;

import java.util.Locale;

/** PROXY protocol header written to the backends of a pool: none, v1 (send-proxy) or v2 (send-proxy-v2). */
public enum ProxyProtocolMode {
    NONE, V1, V2;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
