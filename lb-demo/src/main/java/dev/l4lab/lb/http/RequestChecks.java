package dev.l4lab.lb.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
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

    private RequestChecks() {
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
