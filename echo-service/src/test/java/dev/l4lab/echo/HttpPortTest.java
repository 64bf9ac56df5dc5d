package dev.l4lab.echo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** By default the HTTP port (whoami, /connections, /faults, health, metrics) speaks HTTP/1.1 only (h2c is opt-in). */
@QuarkusTest
class HttpPortTest {

    /** An HTTP/2 client preface with an empty SETTINGS frame, as curl --http2-prior-knowledge sends. */
    private static final byte[] H2C_PREFACE = concat("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
        new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});

    @Test
    void anH2cPrefaceGetsNoHttp2Connection() throws Exception {
        try (Socket s = Wire.connect(RestAssured.port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(H2C_PREFACE);
            out.flush();
            byte[] head = s.getInputStream().readNBytes(12);
            String text = new String(head, StandardCharsets.US_ASCII);
            // An HTTP/2 server answers with its SETTINGS frame (binary: type 4 in the 4th byte); an HTTP/1.1 server
            // rejects "PRI * HTTP/2.0" with a status line.
            assertTrue(text.startsWith("HTTP/") && !text.endsWith(" 200"), "not an HTTP/1 rejection: "
                + HexFormat.of().formatHex(head));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
