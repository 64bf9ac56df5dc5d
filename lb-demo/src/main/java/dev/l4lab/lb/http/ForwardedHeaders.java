package dev.l4lab.lb.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * The proxy headers an L7 hop adds: X-Forwarded-For (appended to what the client sent), X-Forwarded-Proto,
 * X-Forwarded-Host (set from what we saw) and RFC 7239 Forwarded (a new element appended).
 *
 * <p>A client-sent X-Forwarded-For is kept but never believed: the balancer keys on the socket's peer address,
 * and the element we append is the peer we actually saw, so the last entry is always trustworthy.
 */
public final class ForwardedHeaders {

    public static final AsciiString X_FORWARDED_FOR = AsciiString.cached("X-Forwarded-For");
    public static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("X-Forwarded-Proto");
    public static final AsciiString X_FORWARDED_HOST = AsciiString.cached("X-Forwarded-Host");
    public static final AsciiString FORWARDED = AsciiString.cached("Forwarded");

    private ForwardedHeaders() {
    }

    /**
     * @param headers the request headers going to the backend (modified in place)
     * @param clientIp the TCP peer address of the client connection
     * @param proto "http" (we do not terminate TLS)
     * @param host the Host / :authority the client asked for, or null
     */
    public static void apply(HttpHeaders headers, String clientIp, String proto, String host) {
        headers.set(X_FORWARDED_FOR, append(headers.getAll(X_FORWARDED_FOR), clientIp));
        headers.set(X_FORWARDED_PROTO, proto);
        if (host != null && !host.isEmpty()) {
            headers.set(X_FORWARDED_HOST, host);
        } else {
            headers.remove(X_FORWARDED_HOST);
        }
        headers.set(FORWARDED, append(headers.getAll(FORWARDED), forwardedElement(clientIp, proto, host)));
    }

    /** One RFC 7239 element: for=..;proto=..;host=.. with IPv6 as a quoted "[addr]". */
    public static String forwardedElement(String clientIp, String proto, String host) {
        StringBuilder b = new StringBuilder("for=").append(nodeName(clientIp)).append(";proto=").append(proto);
        if (host != null && !host.isEmpty()) {
            b.append(";host=").append(value(host));
        }
        return b.toString();
    }

    /** RFC 7239 section 6: IPv6 in brackets, and then quoted since ':' and '[' are not token characters. */
    static String nodeName(String ip) {
        return ip.indexOf(':') >= 0 ? "\"[" + ip + "]\"" : ip;
    }

    /** A token as is, anything else as a quoted-string with '"' and '\' escaped. */
    static String value(String v) {
        if (isToken(v)) {
            return v;
        }
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static boolean isToken(String v) {
        if (v.isEmpty()) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Several header lines of a list header are one comma-separated list (RFC 9110 5.3). */
    private static String append(List<String> existing, String element) {
        if (existing.isEmpty()) {
            return element;
        }
        StringBuilder b = new StringBuilder();
        for (String e : existing) {
            String t = e.trim();
            if (!t.isEmpty()) {
                b.append(t).append(", ");
            }
        }
        return b.append(element).toString();
    }
}
