package dev.l4lab.lb.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;

/** Request framing a proxy must refuse beyond what Netty's decoder checks (see {@link HttpLimits#decoder}). */
final class RequestChecks {

    static final IllegalArgumentException TRANSFER_CODING = new IllegalArgumentException(
            "Transfer-Encoding other than 'chunked' (RFC 9112 6.1)", null) {
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    };

    static final IllegalArgumentException HOST = new IllegalArgumentException(
            "an HTTP/1.1 request needs exactly one valid Host field (RFC 9112 3.2)", null) {
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    };

    /** What a Host value may hold (RFC 3986 host and port: reg-name, IP literal, port), percent signs included. */
    private static final String HOST_CHARS = "-._~!$&'()*+,;=:%[]";

    private RequestChecks() {
    }

    /**
     * One Host field (none is allowed in HTTP/1.0 only) of valid characters: with two, or one a backend splits
     * differently, the proxy and the backend could each take another host (RFC 9112 3.2 asks for 400).
     */
    static boolean hostIsSingleAndValid(HttpRequest r) {
        List<String> host = r.headers().getAll(HttpHeaderNames.HOST);
        if (host.isEmpty()) {
            return r.protocolVersion() == HttpVersion.HTTP_1_0;
        }
        if (host.size() > 1) {
            return false;
        }
        String v = host.get(0);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean alnum = c < 128 && Character.isLetterOrDigit(c);
            if (!alnum && HOST_CHARS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /** No Transfer-Encoding, or exactly one field whose value is {@code chunked}. */
    static boolean transferEncodingIsChunkedOnly(HttpRequest r) {
        List<String> te = r.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (te.isEmpty()) {
            return true;
        }
        return te.size() == 1 && HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(te.get(0).trim());
    }
}
