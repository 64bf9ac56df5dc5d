package dev.l4lab.echo.tcp;

import static dev.l4lab.echo.ProxyBytes.ascii;
import static dev.l4lab.echo.ProxyBytes.concat;
import static dev.l4lab.echo.ProxyBytes.v2;
import static dev.l4lab.echo.ProxyBytes.v2Tcp4;
import static dev.l4lab.echo.Wire.connect;
import static dev.l4lab.echo.Wire.connectionOf;
import static dev.l4lab.echo.Wire.readExactly;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.echo.Metrics;
import dev.l4lab.echo.Ports;
import dev.l4lab.echo.ProxyBytes;
import dev.l4lab.echo.Wire;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PROXY protocol on the TCP echo port over real sockets, the banner, and the connection limits. */
@QuarkusTest
@TestProfile(ProxyRequiredProfile.class)
class ProxyProtocolAndLimitsTest {

    private static final byte[] BANNER = ascii("echo-test echo-service\r\n");

    private final Ports ports = new Ports();

    @Test
    void v1HeaderThenDataIsEchoedAndTheTableShowsTheProxyClient() throws Exception {
        try (Socket s = connect(ports.tcpEcho())) {
            s.getOutputStream().write(ascii("PROXY TCP4 203.0.113.7 127.0.0.1 40000 9000\r\nhello"));
            assertArrayEquals(BANNER, readExactly(s.getInputStream(), BANNER.length), "banner after the header");
            assertArrayEquals(ascii("hello"), readExactly(s.getInputStream(), 5), "bytes after the header are echoed");
            Map<String, Object> row = connectionOf(s);
            assertNotNull(row);
            @SuppressWarnings("unchecked")
            Map<String, Object> client = (Map<String, Object>) row.get("proxyClient");
            assertEquals("203.0.113.7", client.get("address"));
            assertEquals(40000, client.get("port"));
        }
    }

    @Test
    void v2HeaderArrivingOneByteAtATimeIsAssembled() throws Exception {
        byte[] header = v2Tcp4(new byte[] {(byte) 192, 0, 2, 55}, 51000, new byte[] {127, 0, 0, 1}, 9000);
        try (Socket s = connect(ports.tcpEcho())) {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            for (byte b : header) {
                out.write(b);
                out.flush();
                Thread.sleep(3);
            }
            out.write(ascii("after"));
            readExactly(s.getInputStream(), BANNER.length);
            assertArrayEquals(ascii("after"), readExactly(s.getInputStream(), 5));
            @SuppressWarnings("unchecked")
            Map<String, Object> client = (Map<String, Object>) connectionOf(s).get("proxyClient");
            assertEquals("192.0.2.55", client.get("address"));
        }
    }

    @Test
    void v2LocalUsesTheRealPeer() throws Exception {
        try (Socket s = connect(ports.tcpEcho())) {
            s.getOutputStream().write(concat(v2(0x20, 0x00, new byte[0]), ascii("x")));
            readExactly(s.getInputStream(), BANNER.length);
            assertEquals('x', s.getInputStream().read());
            assertNull(connectionOf(s).get("proxyClient"));
        }
    }

    @Test
    void hostileHeadersCloseOnlyTheirOwnConnectionAndAreCounted() throws Exception {
        try (Socket good = connect(ports.tcpEcho())) {
            good.getOutputStream().write(ascii("PROXY UNKNOWN\r\n"));
            readExactly(good.getInputStream(), BANNER.length);

            byte[][] hostile = {
                ascii("GET / HTTP/1.0\r\n\r\n"),
                ascii("PROXY TCP4 " + "1".repeat(200)),
                ascii("PROXY TCP4 300.1.1.1 127.0.0.1 1 2\r\n"),
                concat(ProxyBytes.V2_SIGNATURE, new byte[] {0x21, 0x11, (byte) 0xFF, (byte) 0xFF}),
                concat(ProxyBytes.V2_SIGNATURE, new byte[] {0x31, 0x11, 0, 0})};
            for (byte[] header : hostile) {
                assertClosedWithoutAnswer(header, false);
                // the good connection is unharmed (and kept busy, so the 1 s idle timeout never ends it)
                good.getOutputStream().write('.');
                assertEquals('.', good.getInputStream().read());
            }
            assertClosedWithoutAnswer(ascii("PROXY TCP4 1.2"), true);

            good.getOutputStream().write(ascii("still here"));
            assertArrayEquals(ascii("still here"), readExactly(good.getInputStream(), 10), "other connections unharmed");
        }
        String metrics = given().get("/q/metrics").then().extract().asString();
        for (String reason : List.of("bad-signature", "v1-too-long", "v1-malformed", "v2-too-long", "v2-malformed",
            "truncated")) {
            assertTrue(metrics.contains("echo_proxy_rejects_total{listener=\"echo\",reason=\"" + reason + "\"}"),
                "reject counted: " + reason);
        }
    }

    @Test
    void aSlowHeaderIsCutOffAtTheDeadline() throws Exception {
        try (Socket s = connect(ports.tcpEcho())) {
            s.setSoTimeout(5000);
            long start = System.nanoTime();
            s.getOutputStream().write(ascii("PROXY TCP4 "));
            int first = readOrReset(s.getInputStream());
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(-1, first, "closed without a byte");
            assertTrue(ms >= 600 && ms < 4000, "closed after " + ms + " ms; deadline is 700 ms");
        }
        assertTrue(given().get("/q/metrics").then().extract().asString()
            .contains("echo_proxy_rejects_total{listener=\"echo\",reason=\"timeout\"}"));
    }

    @Test
    void connectionsOverTheLimitAreClosedAtOnceAndCounted() throws Exception {
        assertTrue(Wire.eventually(3000, () -> given().get("/connections").then().extract().jsonPath()
            .getInt("count") == 0), "no leftover connections");
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                held.add(connect(ports.discard()));
            }
            assertTrue(Wire.eventually(3000, () -> given().get("/connections").then().extract().jsonPath()
                .getInt("count") == 4));
            try (Socket over = connect(ports.discard())) {
                long start = System.nanoTime();
                assertEquals(-1, readOrReset(over.getInputStream()), "the fifth connection is closed");
                // The idle timeout (1 s) would also close it, but only later.
                assertTrue((System.nanoTime() - start) / 1_000_000 < 950, "closed at once, not by the idle timeout");
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        assertTrue(given().get("/q/metrics").then().extract().asString()
            .contains("echo_connections_refused_total{listener=\"discard\",reason=\"max-connections\"}"));
    }

    @Test
    void aV1LineOf108BytesIsRejectedAndCounted() throws Exception {
        String line = "PROXY UNKNOWN " + "x".repeat(92) + "\r\n";
        assertEquals(108, line.length());
        double before = Metrics.value("echo_proxy_rejects_total{listener=\"echo\",reason=\"v1-too-long\"}");
        assertClosedWithoutAnswer(ascii(line + "hello"), false);
        assertTrue(Wire.eventually(3000, () -> Metrics.value(
            "echo_proxy_rejects_total{listener=\"echo\",reason=\"v1-too-long\"}") == before + 1), "counted");
        try (Socket s = connect(ports.tcpEcho())) {
            s.getOutputStream().write(ascii("PROXY UNKNOWN " + "x".repeat(91) + "\r\nhi"));
            readExactly(s.getInputStream(), BANNER.length);
            assertArrayEquals(ascii("hi"), readExactly(s.getInputStream(), 2), "107 bytes are fine");
        }
    }

    @Test
    void aKeptAliveWhoamiConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (Socket s = connect(ports.whoamiProxy())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(ascii("PROXY TCP4 203.0.113.9 127.0.0.1 4000 8081\r\n"
                + "GET /whoami HTTP/1.1\r\nHost: echo\r\n\r\n"));
            InputStream in = s.getInputStream();
            String head = new String(in.readNBytes(15), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 200 OK", head);
            long start = System.nanoTime();
            byte[] rest = in.readAllBytes(); // until the server closes the idle keep-alive connection
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(new String(rest, StandardCharsets.US_ASCII).contains("203.0.113.9"));
            assertTrue(ms >= 700 && ms < 4000, "idle close after " + ms + " ms; timeout is 1 s");
        }
    }

    @Test
    void idleConnectionsAreClosedAfterTheIdleTimeout() throws Exception {
        try (Socket s = connect(ports.discard())) {
            s.setSoTimeout(5000);
            long start = System.nanoTime();
            assertEquals(-1, readOrReset(s.getInputStream()));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 900 && ms < 4000, "idle close after " + ms + " ms; timeout is 1 s");
        }
    }

    private void assertClosedWithoutAnswer(byte[] header, boolean thenFin) throws Exception {
        try (Socket s = connect(ports.tcpEcho())) {
            s.setSoTimeout(3000);
            s.getOutputStream().write(header);
            if (thenFin) {
                s.shutdownOutput();
            }
            assertEquals(-1, readOrReset(s.getInputStream()), "no banner, no echo for a bad header");
        }
    }

    /** -1 for EOF or RST (both mean "closed by the server"), else the first byte. */
    private static int readOrReset(InputStream in) throws Exception {
        try {
            return in.read();
        } catch (SocketException reset) {
            return -1;
        }
    }
}
