package dev.l4lab.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.l4lab.echo.config.ResourceBudget;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * With h2c on, the HTTP port speaks HTTP/2 with prior knowledge within its budget: its SETTINGS advertise the
 * few small streams that ResourceBudget counts, and a client that opens more at once gets them refused. (Netty
 * applies the limit once the client has acknowledged the SETTINGS; see the README on why h2c is opt-in.)
 */
@QuarkusTest
@TestProfile(Http2PortTest.H2cOn.class)
class Http2PortTest {

    /** h2c as the compose lab runs it (QUARKUS_HTTP_HTTP2=true), with application.properties' limits. */
    public static class H2cOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.http2", "true");
        }
    }

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA = 0;
    private static final int HEADERS = 1;
    private static final int RST_STREAM = 3;
    private static final int SETTINGS = 4;
    private static final int GOAWAY = 7;
    private static final int FLAG_END_HEADERS = 0x4;
    private static final int FLAG_ACK = 0x1;
    private static final int SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
    private static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
    private static final int SETTINGS_MAX_HEADER_LIST_SIZE = 0x6;
    private static final int REFUSED_STREAM = 0x7;

    @Test
    void anHttp2ClientWithPriorKnowledgeGetsWhoami() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false).setConnectTimeout(5000));
            JsonObject whoami = client.request(HttpMethod.GET, RestAssured.port, Wire.HOST, "/whoami")
                .compose(req -> req.send().compose(resp -> {
                    assertEquals(HttpVersion.HTTP_2, resp.version());
                    assertEquals(200, resp.statusCode());
                    return resp.body();
                })).map(b -> b.toJsonObject()).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertTrue(whoami.containsKey("instance"), whoami.encode());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theLargestAnswersFitWhatTheBudgetCountsPerStream() {
        for (String path : new String[] {"/q/metrics", "/q/openapi", "/connections", "/whoami"}) {
            int size = RestAssured.get(path).then().statusCode(200).extract().asByteArray().length;
            assertTrue(size <= ResourceBudget.HTTP_LARGEST_ANSWER, path + " answered " + size + " bytes");
        }
    }

    @Test
    void theSettingsAdvertiseTheBudgetedLimits() throws Exception {
        try (Socket s = Wire.connect(RestAssured.port)) {
            Map<Integer, Long> settings = handshake(s, true);
            assertEquals(config("quarkus.http.limits.max-concurrent-streams"), settings.get(SETTINGS_MAX_CONCURRENT_STREAMS));
            assertEquals(config("quarkus.http.initial-window-size"), settings.get(SETTINGS_INITIAL_WINDOW_SIZE));
            assertEquals(config("quarkus.http.limits.max-header-list-size"), settings.get(SETTINGS_MAX_HEADER_LIST_SIZE));
            assertTrue(settings.get(SETTINGS_MAX_CONCURRENT_STREAMS) <= 16, "few streams: " + settings);
        }
    }

    @Test
    void streamsBeyondTheLimitAreRefused() throws Exception {
        expectRefusalBeyondTheLimit(true);
    }

    private static void expectRefusalBeyondTheLimit(boolean acknowledge) throws Exception {
        long limit = config("quarkus.http.limits.max-concurrent-streams");
        try (Socket s = Wire.connect(RestAssured.port)) {
            handshake(s, acknowledge);
            OutputStream out = s.getOutputStream();
            // Requests whose bodies never come keep their streams open; one more than the limit must be refused.
            int refusedStream = (int) (2 * limit + 1);
            for (int id = 1; id <= refusedStream; id += 2) {
                frame(out, HEADERS, FLAG_END_HEADERS, id, putFaultsHeaderBlock());
            }
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                Frame f = Frame.read(in);
                if (f.type() == GOAWAY) {
                    fail("the server ended the connection instead of refusing one stream: GOAWAY error "
                        + f.payload().getInt(4));
                }
                if (f.type() == RST_STREAM) {
                    assertEquals(refusedStream, f.stream(), "the stream beyond the limit is the one refused");
                    assertEquals(REFUSED_STREAM, f.payload().getInt(0));
                    return;
                }
                assertTrue(f.stream() == 0 || f.stream() > refusedStream || f.type() != DATA && f.type() != HEADERS,
                    "no open stream answers before its body: " + f);
            }
            fail("stream " + refusedStream + " was not refused within 10 s");
        }
    }

    private static long config(String key) {
        return ConfigProvider.getConfig().getValue(key, Long.class);
    }

    /** Sends the preface and empty SETTINGS, reads the server's SETTINGS and (when asked) acknowledges them. */
    private static Map<Integer, Long> handshake(Socket s, boolean acknowledge) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(PREFACE);
        frame(out, SETTINGS, 0, 0, new byte[0]);
        out.flush();
        DataInputStream in = new DataInputStream(s.getInputStream());
        Frame f = Frame.read(in);
        assertEquals(SETTINGS, f.type(), "an HTTP/2 server answers the preface with SETTINGS: " + f);
        Map<Integer, Long> settings = new HashMap<>();
        while (f.payload().remaining() >= 6) {
            settings.put(f.payload().getShort() & 0xffff, f.payload().getInt() & 0xffffffffL);
        }
        if (acknowledge) {
            frame(out, SETTINGS, FLAG_ACK, 0, new byte[0]);
            out.flush();
        }
        return settings;
    }

    /** PUT /faults as HPACK literals without indexing (RFC 7541 6.2.2), no Huffman: no dynamic table to track. */
    private static byte[] putFaultsHeaderBlock() {
        ByteBuffer b = ByteBuffer.allocate(128);
        literal(b, 2, "PUT");          // :method
        literal(b, 6, "http");         // :scheme
        literal(b, 4, "/faults");      // :path
        literal(b, 1, Wire.HOST);      // :authority
        literal(b, 31, "application/json"); // content-type, the static table's entry 31
        byte[] block = new byte[b.position()];
        b.flip().get(block);
        return block;
    }

    private static void literal(ByteBuffer b, int staticNameIndex, String value) {
        // a 4-bit prefix holds indexes up to 14; larger ones continue in the next byte
        if (staticNameIndex < 15) {
            b.put((byte) staticNameIndex);
        } else {
            b.put((byte) 0x0f).put((byte) (staticNameIndex - 15));
        }
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        b.put((byte) v.length).put(v);
    }

    private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(9);
        h.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length)
            .put((byte) type).put((byte) flags).putInt(stream);
        out.write(h.array());
        out.write(payload);
    }

    private record Frame(int type, int flags, int stream, ByteBuffer payload) {
        static Frame read(DataInputStream in) throws IOException {
            byte[] head = new byte[9];
            in.readFully(head);
            int length = (head[0] & 0xff) << 16 | (head[1] & 0xff) << 8 | head[2] & 0xff;
            assertTrue(length <= 16_384, "a frame within the default SETTINGS_MAX_FRAME_SIZE: " + length);
            byte[] payload = new byte[length];
            in.readFully(payload);
            return new Frame(head[3], head[4], ByteBuffer.wrap(head, 5, 4).getInt() & 0x7fffffff, ByteBuffer.wrap(payload));
        }
    }
}
