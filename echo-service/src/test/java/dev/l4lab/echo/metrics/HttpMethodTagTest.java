package dev.l4lab.echo.metrics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.echo.Wire;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Made-up HTTP methods sent on a raw socket do not become meters of their own. */
@QuarkusTest
class HttpMethodTagTest {

    @Test
    void madeUpMethodsAreTaggedOther() throws Exception {
        String method = "MADEUPMETHOD";
        try (Socket s = Wire.connect(RestAssured.port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((method + " /whoami HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertTrue(status.startsWith("HTTP/1.1 "), "an answer: " + status);
            in.transferTo(OutputStream.nullOutputStream());
        }
        // Read to EOF: the server closes (Connection: close) after the response has ended and been recorded.
        String metrics = given().get("/q/metrics").then().extract().asString();
        assertTrue(metrics.contains("method=\"OTHER\""), "the request is counted as OTHER");
        assertFalse(metrics.contains(method), "no meter carries the made-up method");
    }
}
