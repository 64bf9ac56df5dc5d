package dev.l4lab.lb.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * The fields that describe one hop, not the message (RFC 9110 7.6.1): Connection and every field it names,
 * Keep-Alive, TE, Transfer-Encoding, Upgrade, Proxy-Connection, and Proxy-Authenticate / Proxy-Authorization
 * (addressed to a proxy, and this one asks for no credentials). A proxy removes them before it forwards a message
 * either way; the framing of the next hop is its own.
 */
final class HopByHop {

    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
    private static final AsciiString[] FIELDS = {HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.TE,
        HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE, PROXY_CONNECTION,
        HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION};

    private HopByHop() {
    }

    /** Removes the hop-by-hop fields in place. */
    static void strip(HttpHeaders headers) {
        List<String> connection = headers.getAll(HttpHeaderNames.CONNECTION);
        if (!connection.isEmpty()) {
            for (String value : connection) {
                for (String name : value.split(",")) {
                    String n = name.trim();
                    if (!n.isEmpty()) {
                        headers.remove(n);
                    }
                }
            }
            headers.remove(HttpHeaderNames.CONNECTION);
        }
        for (AsciiString f : FIELDS) {
            headers.remove(f);
        }
    }
}
