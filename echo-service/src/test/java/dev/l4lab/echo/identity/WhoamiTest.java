package dev.l4lab.echo.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.echo.Ports;
import dev.l4lab.echo.ProxyBytes;
import dev.l4lab.echo.Wire;
import io.quarkus.test.junit.QuarkusTest;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** GET /whoami on the Quarkus port, and on the PROXY-protocol port with real v1/v2 headers. */
@QuarkusTest
class WhoamiTest {

    private final Ports ports = new Ports();

    @Test
    void whoamiShowsInstancePeerLocalAndHeaders() {
        given().header("X-Forwarded-For", "198.51.100.9").get("/whoami").then().statusCode(200)
            .body("instance", equalTo("echo-test"))
            .body("peer.address", equalTo("127.0.0.1"))
            .body("peer.port", greaterThan(0))
            .body("local.port", greaterThan(0))
            .body("headers.X-Forwarded-For", equalTo("198.51.100.9"))
            .body("proxyClient", nullValue());
    }

    @Test
    void proxyPortReportsTheClientFromAV1Header() throws Exception {
        String response = exchange("PROXY TCP4 203.0.113.7 127.0.0.1 40000 8081\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        assertTrue(response.contains("\"proxyClient\":{\"address\":\"203.0.113.7\",\"port\":40000}"), response);
        assertTrue(response.contains("\"peer\":{\"address\":\"127.0.0.1\""), response);
        assertTrue(response.contains("\"instance\":\"echo-test\""), response);
    }

    @Test
    void proxyPortReportsTheClientFromAV2Header() throws Exception {
        byte[] header = HexFormat.of().parseHex("0d0a0d0a000d0a515549540a2111000cc0000207c0000201a4100050");
        String response = exchange(header);
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        assertTrue(response.contains("\"proxyClient\":{\"address\":\"192.0.2.7\",\"port\":42000}"), response);
    }

    @Test
    void proxyPortWithoutAHeaderAnswersNothing() throws Exception {
        String response = exchange(new byte[0]);
        assertTrue(!response.contains("200 OK") && !response.contains("instance"), response);
        // and the server is still fine afterwards
        assertTrue(exchange(ProxyBytes.v2(0x20, 0x00, new byte[0])).startsWith("HTTP/1.1 200"));
    }

    private String exchange(byte[] header) throws Exception {
        try (Socket s = Wire.connect(ports.whoamiProxy())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(header);
            out.write("GET /whoami HTTP/1.1\r\nHost: echo\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try {
                return new String(Wire.readToEof(s.getInputStream()), StandardCharsets.UTF_8);
            } catch (java.net.SocketException reset) {
                return "reset: " + reset.getMessage();
            }
        }
    }
}
