package dev.l4lab.lb.http;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.support.Http1;
import dev.l4lab.lb.support.Http1.Response;
import dev.l4lab.lb.support.HttpTestBackends;
import dev.l4lab.lb.support.Payload;
import dev.l4lab.lb.support.RecordingHttpBackend.Received;
import dev.l4lab.lb.support.TestBackends;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Hop-by-hop headers (RFC 9110 section 7.6.1) end at the proxy in both directions, including the ones a Connection
 * header names; end-to-end headers pass unchanged, in order, duplicates kept; a chunked body arrives byte-exact.
 */
@QuarkusTest
@QuarkusTestResource(TestBackends.class)
@QuarkusTestResource(HttpTestBackends.class)
class HopByHopTest extends RecordedBackendTest {

    private static final List<String> HOP_BY_HOP = List.of("Connection", "Keep-Alive", "TE", "Transfer-Encoding",
            "Upgrade", "Proxy-Connection", "Proxy-Authorization");

    private Received only() {
        List<Received> seen = backend.received();
        assertEquals(1, seen.size(), seen.toString());
        return seen.get(0);
    }

    @Test
    void requestHopByHopHeadersAndTheOnesConnectionNamesAreNotForwarded() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send("GET /hop HTTP/1.1\r\nHost: lb.test\r\n"
                    + "Connection: keep-alive, X-Secret, x-other-secret\r\n"
                    + "Keep-Alive: timeout=30\r\n"
                    + "TE: trailers\r\n"
                    + "Upgrade: example/1\r\n"
                    + "Proxy-Connection: keep-alive\r\n"
                    + "Proxy-Authorization: Basic dTpw\r\n"
                    + "X-Secret: do-not-forward\r\n"
                    + "X-Other-Secret: nor-this\r\n"
                    + "X-End-To-End: forwarded\r\n\r\n");
            assertEquals(200, c.read().status());
        }
        Received r = only();
        List<Executable> checks = new ArrayList<>();
        for (String h : HOP_BY_HOP) {
            if (h.equals("Connection") || h.equals("Keep-Alive")) {
                // The proxy may send its own connection management to the backend, never the client's.
                checks.add(() -> r.values(h).forEach(v -> assertFalse(v.toLowerCase(Locale.ROOT).contains("secret")
                        || v.contains("timeout=30"), "the client's " + h + " reached the backend: " + v)));
            } else {
                checks.add(() -> assertFalse(r.has(h), h + " reached the backend: " + r.headerLines()));
            }
        }
        checks.add(() -> assertFalse(r.has("X-Secret"), "named in Connection: " + r.headerLines()));
        checks.add(() -> assertFalse(r.has("X-Other-Secret"), "named in Connection (other case): " + r.headerLines()));
        checks.add(() -> assertEquals(List.of("forwarded"), r.values("X-End-To-End")));
        assertAll(checks);
    }

    @Test
    void connectionCloseWithANamedHeaderDropsThatHeader() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send("GET /hop HTTP/1.1\r\nHost: lb.test\r\nConnection: close, X-Secret\r\nX-Secret: 1\r\n\r\n");
            assertEquals(200, c.read().status());
        }
        Received r = only();
        assertFalse(r.has("X-Secret"), r.headerLines().toString());
    }

    @Test
    void responseHopByHopHeadersAndTheOnesConnectionNamesAreNotForwarded() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send("GET /hop-response HTTP/1.1\r\nHost: lb.test\r\n\r\n");
            Response r = c.read();
            assertEquals(200, r.status());
            assertEquals("ok", r.bodyText());
            assertAll(
                    () -> assertFalse(r.has("X-Internal"), "named in the backend's Connection: " + r.headerLines()),
                    () -> assertTrue(r.values("Keep-Alive").stream().noneMatch(v -> v.contains("timeout=5")),
                            "the backend's Keep-Alive: " + r.headerLines()),
                    () -> assertTrue(r.values("Connection").stream()
                            .noneMatch(v -> v.toLowerCase(Locale.ROOT).contains("x-internal")),
                            "the backend's Connection: " + r.headerLines()),
                    () -> assertFalse(r.has("Proxy-Connection"), r.headerLines().toString()),
                    () -> assertFalse(r.has("Upgrade"), r.headerLines().toString()),
                    () -> assertEquals(List.of("kept"), r.values("X-End-To-End")));
            // The connection still works: the backend's Connection header did not close the client's.
            c.send("GET /again HTTP/1.1\r\nHost: lb.test\r\n\r\n");
            assertEquals(200, c.read().status());
        }
    }

    @Test
    void repeatedEndToEndRequestHeadersArriveInOrderWithDuplicates() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send("GET /e2e HTTP/1.1\r\nHost: lb.test\r\n"
                    + "Cache-Control: no-cache\r\n"
                    + "X-Trace: one\r\n"
                    + "Cache-Control: max-age=0\r\n"
                    + "X-Trace: two\r\n"
                    + "Accept: text/plain\r\n"
                    + "X-Trace: three\r\n\r\n");
            assertEquals(200, c.read().status());
        }
        Received r = only();
        assertEquals(List.of("no-cache", "max-age=0"), r.values("Cache-Control"), r.headerLines().toString());
        assertEquals(List.of("one", "two", "three"), r.values("X-Trace"), r.headerLines().toString());
        assertEquals(List.of("text/plain"), r.values("Accept"));
        assertEquals(List.of("lb.test"), r.values("Host"));
    }

    @Test
    void repeatedEndToEndResponseHeadersReachTheClientInOrderWithDuplicates() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send("GET /hop-response HTTP/1.1\r\nHost: lb.test\r\n\r\n");
            Response r = c.read();
            assertEquals(List.of("no-cache", "no-store"), r.values("Cache-Control"), r.headerLines().toString());
            assertEquals(List.of("a=1", "b=2"), r.values("Set-Cookie").subList(0, 2), r.headerLines().toString());
        }
    }

    @Test
    void aChunkedRequestBodyArrivesByteExact() throws Exception {
        int size = 300_000;
        byte[] body = new byte[size];
        new Payload().fill(body, size);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(("POST /chunked HTTP/1.1\r\nHost: lb.test\r\nTransfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        int[] pieces = {1, 7, 4096, 65_536, 100_000};
        int off = 0;
        for (int i = 0; off < size; i++) {
            int n = Math.min(pieces[i % pieces.length], size - off);
            wire.writeBytes((Integer.toHexString(n) + (i == 1 ? ";ext=1" : "") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            wire.write(body, off, n);
            wire.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            off += n;
        }
        wire.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        try (Http1 c = Http1.open(port())) {
            c.send(wire.toByteArray());
            assertEquals(200, c.read().status());
            c.send("GET /after-chunked HTTP/1.1\r\nHost: lb.test\r\n\r\n");
            assertEquals(200, c.read().status(), "the connection is framed right after the chunked body");
        }
        List<Received> seen = backend.received();
        assertEquals(2, seen.size(), seen.toString());
        CRC32 crc = new CRC32();
        crc.update(body);
        assertEquals(size, seen.get(0).bodyLength(), "de-chunked length");
        assertEquals(crc.getValue(), seen.get(0).bodyCrc32(), "de-chunked content");
        assertTrue(seen.get(0).values("Content-Length").size() <= 1, seen.get(0).headerLines().toString());
    }
}
