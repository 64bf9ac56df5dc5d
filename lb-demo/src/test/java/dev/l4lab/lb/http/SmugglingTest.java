package dev.l4lab.lb.http;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.support.Http1;
import dev.l4lab.lb.support.Http1.Response;
import dev.l4lab.lb.support.HttpTestBackends;
import dev.l4lab.lb.support.RecordingHttpBackend.Received;
import dev.l4lab.lb.support.TestBackends;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Request smuggling inputs (RFC 9112 sections 5 and 6): the L7 frontend answers 400, closes the connection, and not
 * one byte reaches the backend. Stricter than HAProxy {@code mode http} where it is lenient (it merges identical
 * duplicate Content-Length fields, and takes obs-fold and bare LF): a proxy that refuses cannot be read two ways.
 */
@QuarkusTest
@QuarkusTestResource(TestBackends.class)
@QuarkusTestResource(HttpTestBackends.class)
class SmugglingTest extends RecordedBackendTest {

    /**
     * Sends one raw request: 400, then EOF, and not a byte reached the backend; then a clean request on a new
     * connection does reach it (so "nothing arrived" is not an unreachable backend).
     */
    private void assertRejected(String raw) throws Exception {
        String what = raw.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
        long bytesBefore = backend.bytesRead();
        int before = backend.received().size();
        try (Http1 c = Http1.open(port())) {
            c.send(raw);
            Response r = c.read();
            assertEquals(400, r.status(), what + ": rejected with 400, got " + r.statusLine() + "; backend saw "
                    + backend.received());
            assertTrue(c.closedByPeer(), what + ": connection closed after the 400");
        }
        assertEquals(bytesBefore, backend.bytesRead(), what + ": not one byte reached the backend");
        try (Http1 c = Http1.open(port())) {
            c.send("GET /after HTTP/1.1\r\nHost: lb.test\r\n\r\n");
            assertEquals(200, c.read().status(), "the frontend still serves clean requests");
        }
        List<Received> seen = backend.received();
        assertEquals(before + 1, seen.size(), what + ": only the clean request reached the backend: " + seen);
        assertEquals("GET /after HTTP/1.1", seen.get(seen.size() - 1).requestLine());
    }

    /** Each value in its own request and connection; every failing value is reported, not just the first. */
    private void assertEachRejected(List<String> rawRequests) {
        assertAll(rawRequests.stream().map(raw -> (Executable) () -> assertRejected(raw)));
    }

    @Test
    void contentLengthTogetherWithTransferEncodingIs400() throws Exception {
        assertRejected("POST /s HTTP/1.1\r\nHost: lb.test\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\n");
    }

    @Test
    void transferEncodingBeforeContentLengthIs400() throws Exception {
        assertRejected("POST /s HTTP/1.1\r\nHost: lb.test\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"
                + "0\r\n\r\n");
    }

    @Test
    void twoDifferentContentLengthsAre400() throws Exception {
        assertRejected("POST /s HTTP/1.1\r\nHost: lb.test\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!");
    }

    @Test
    void aContentLengthListOfDifferentValuesIs400() throws Exception {
        assertRejected("POST /s HTTP/1.1\r\nHost: lb.test\r\nContent-Length: 5, 6\r\n\r\nhello!");
    }

    @Test
    void contentLengthWithAPlusSignIs400() throws Exception {
        assertRejected("POST /s HTTP/1.1\r\nHost: lb.test\r\nContent-Length: +5\r\n\r\nhello");
    }

    @Test
    void nonDecimalContentLengthsAre400() throws Exception {
        assertEachRejected(Stream.of("-5", "five", "5a", "0x5", "5 5")
                .map(v -> "POST /s HTTP/1.1\r\nHost: lb.test\r\nContent-Length: " + v + "\r\n\r\nhello").toList());
    }

    @Test
    void transferEncodingWhoseFinalCodingIsNotChunkedIs400() throws Exception {
        assertEachRejected(Stream.of("gzip", "chunked, gzip", "identity", "xchunked")
                .map(v -> "POST /s HTTP/1.1\r\nHost: lb.test\r\nTransfer-Encoding: " + v + "\r\n\r\n0\r\n\r\n")
                .toList());
    }

    @Test
    void obsFoldIs400() throws Exception {
        assertEachRejected(List.of("GET /s HTTP/1.1\r\nHost: lb.test\r\nX-Folded: a\r\n b\r\n\r\n",
                "GET /s HTTP/1.1\r\nHost: lb.test\r\nX-Folded: a\r\n\tb\r\n\r\n"));
    }

    @Test
    void aBareLfLineEndingIs400() throws Exception {
        assertRejected("GET /s HTTP/1.1\r\nHost: lb.test\nX-After-Bare-Lf: 1\r\n\r\n");
    }

    @Test
    void whitespaceBeforeTheColonIs400() throws Exception {
        assertEachRejected(List.of("GET /s HTTP/1.1\r\nHost : lb.test\r\n\r\n",
                "GET /s HTTP/1.1\r\nHost: lb.test\r\nContent-Length\t: 0\r\n\r\n"));
    }

    /** HAProxy 2.6 merges identical duplicates into one header; the backend must never see two. */
    @Test
    void identicalDuplicateContentLengthsAre400() throws Exception {
        assertEachRejected(List.of(
                "POST /dup HTTP/1.1\r\nHost: lb.test\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
                "POST /dup HTTP/1.1\r\nHost: lb.test\r\nContent-Length: 5, 5\r\n\r\nhello"));
    }

    /** A backend's ambiguously framed response is a 502 from the LB, never relayed for the client to misparse. */
    @Test
    void aResponseFramedTwoWaysIs502() throws Exception {
        assertAll(Stream.of("cl-te", "two-cl").map(kind -> (Executable) () -> {
            try (Http1 c = Http1.open(port())) {
                c.send("GET /bad-framing?kind=" + kind + " HTTP/1.1\r\nHost: lb.test\r\n\r\n");
                Response r = c.read();
                assertEquals(502, r.status(), kind + ": " + r.statusLine() + " " + r.headerLines());
            }
            try (Http1 c = Http1.open(port())) {
                c.send("GET /after HTTP/1.1\r\nHost: lb.test\r\n\r\n");
                assertEquals("ok", c.read().bodyText(), kind + ": the next request is served");
            }
        }));
    }
}
