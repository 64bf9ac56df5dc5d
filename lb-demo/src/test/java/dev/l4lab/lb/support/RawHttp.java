package dev.l4lab.lb.support;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over one real socket, so a test controls exactly which connection carries which request
 * (keep-alive pinning is the point). Responses must carry Content-Length.
 */
public final class RawHttp {

    private RawHttp() {
    }

    public record Reply(int status, Map<String, String> headers, String body) {
        public JsonObject json() {
            return new JsonObject(body);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Sends one request (extra header lines end with \r\n) and reads one response on the same socket. */
    public static Reply exchange(Socket s, String method, String path, String extraHeaders) throws IOException {
        String req = method + " " + path + " HTTP/1.1\r\nHost: lb.test\r\n" + extraHeaders
                + (method.equals("POST") || method.equals("PUT") ? "Content-Length: 0\r\n" : "") + "\r\n";
        s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return read(s.getInputStream());
    }

    public static Reply get(Socket s, String path) throws IOException {
        return exchange(s, "GET", path, "");
    }

    private static Reply read(InputStream in) throws IOException {
        String status = line(in);
        if (status == null) {
            throw new IOException("connection closed before a response");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String h;
        while ((h = line(in)) != null && !h.isEmpty()) {
            int colon = h.indexOf(':');
            headers.merge(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim(),
                    (a, b) -> a + "\n" + b);
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Reply(Integer.parseInt(status.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        return HttpWire.readLine(in);
    }
}
