package dev.l4lab.lb.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

/** RFC 7239 quoting and list appending, checked against the RFC's own examples. */
class ForwardedHeadersTest {

    @Test
    void ipv6IsBracketedAndQuotedAndHostWithPortIsQuoted() {
        // RFC 7239 section 4: Forwarded: For="[2001:db8:cafe::17]:4711"
        assertEquals("for=\"[2001:db8:cafe::17]\";proto=http;host=\"example.com:8000\"",
                ForwardedHeaders.forwardedElement("2001:db8:cafe::17", "http", "example.com:8000"));
        assertEquals("for=192.0.2.60;proto=http;host=example.com",
                ForwardedHeaders.forwardedElement("192.0.2.60", "http", "example.com"));
    }

    @Test
    void severalClientHeaderLinesBecomeOneListWithOurHopLast() {
        HttpHeaders h = new DefaultHttpHeaders(false) // as decoded: values are not re-validated
                .add("x-forwarded-for", "198.51.100.1")
                .add("X-Forwarded-For", " 198.51.100.2 ")
                .add("X-Forwarded-Host", "spoofed.example");
        ForwardedHeaders.apply(h, "192.0.2.43", "http", null);
        assertEquals("198.51.100.1, 198.51.100.2, 192.0.2.43", h.get("X-Forwarded-For"));
        assertEquals(1, h.getAll("X-Forwarded-For").size());
        assertEquals(null, h.get("X-Forwarded-Host"), "no Host seen: the client's claim is dropped, not passed on");
        assertEquals("for=192.0.2.43;proto=http", h.get("Forwarded"));
    }
}
