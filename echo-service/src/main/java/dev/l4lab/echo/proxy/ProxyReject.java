package dev.l4lab.echo.proxy;

import java.util.Locale;

/** Why a PROXY header was refused (coarse and stable: the label is echo_proxy_rejects_total's reason). */
public enum ProxyReject {
    /** The first bytes are neither "PROXY " nor the v2 signature. */
    BAD_SIGNATURE,
    /** A v1 line without CRLF within 107 bytes (the spec's maximum, CRLF included). */
    V1_TOO_LONG,
    /** A v1 line Netty's decoder refused, or a byte that cannot be in one. */
    V1_MALFORMED,
    /** A v2 header declaring more than this connection may buffer. */
    V2_TOO_LONG,
    /** A v2 header Netty's decoder refused (version, command, family, address length, TLVs). */
    V2_MALFORMED,
    /** The client closed (FIN) before the header was complete. */
    TRUNCATED,
    /** The header was not complete within echo.limits.proxy-header-timeout. */
    TIMEOUT,
    /** The connection failed (reset) during the header. */
    RESET;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
