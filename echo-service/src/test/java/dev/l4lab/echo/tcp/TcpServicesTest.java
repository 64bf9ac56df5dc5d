package dev.l4lab.echo.tcp;

import static dev.l4lab.echo.Wire.connect;
import static dev.l4lab.echo.Wire.connectionOf;
import static dev.l4lab.echo.Wire.number;
import static dev.l4lab.echo.Wire.readExactly;
import static dev.l4lab.echo.Wire.readToEof;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.echo.Ports;
import dev.l4lab.echo.Wire;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TCP echo, discard and chargen over real loopback sockets against the running service. */
@QuarkusTest
class TcpServicesTest {

    private final Ports ports = new Ports();

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1, 1000, 65_536, 1_048_577, 100 * 1024 * 1024})
    void echoesRandomBytesExactly(int size) throws Exception {
        try (Socket s = connect(ports.tcpEcho())) {
            s.setSoTimeout(30_000);
            // Write and read concurrently: a 100 MiB transfer would deadlock if we wrote everything first.
            CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> writeRandom(s, size, 42L + size));
            Received received = readAllHashed(s.getInputStream());
            assertEquals(size, received.bytes(), "bytes echoed before the server closed");
            assertEquals(sent.get(60, TimeUnit.SECONDS), received.sha256(), "SHA-256");
        }
    }

    private record Received(long bytes, String sha256) {
    }

    /** Reads to EOF, hashing on the fly (a 100 MiB echo is never held in memory). */
    private static Received readAllHashed(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) != -1) {
            digest.update(buf, 0, n);
            total += n;
        }
        return new Received(total, HexFormat.of().formatHex(digest.digest()));
    }

    private static String writeRandom(Socket s, int size, long seed) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            SplittableRandom random = new SplittableRandom(seed);
            OutputStream out = s.getOutputStream();
            byte[] chunk = new byte[32 * 1024];
            int left = size;
            while (left > 0) {
                int n = Math.min(left, 1 + random.nextInt(chunk.length));
                for (int i = 0; i < n; i++) {
                    chunk[i] = (byte) random.nextInt(256);
                }
                out.write(chunk, 0, n);
                digest.update(chunk, 0, n);
                left -= n;
            }
            s.shutdownOutput(); // FIN: the server finishes echoing, then closes
            return HexFormat.of().formatHex(digest.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void halfCloseGetsEverythingBackThenEof() throws Exception {
        try (Socket s = connect(ports.tcpEcho())) {
            s.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            s.shutdownOutput();
            assertEquals("hello\n", new String(readToEof(s.getInputStream()), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void finAfterFillingEveryBufferStillGetsEveryByteBack() throws Exception {
        // The client sends 16 MiB and FIN before reading anything, so the FIN reaches the server while its
        // write queue is full: a server that closed on FIN would drop what it still had queued.
        int size = 16 * 1024 * 1024;
        try (Socket s = connect(ports.tcpEcho())) {
            s.setSoTimeout(30_000);
            CompletableFuture<String> sent = CompletableFuture.supplyAsync(() -> writeRandom(s, size, 7L));
            // Precondition: the server has stopped reading because its writes to us are blocked.
            long in = Wire.stable(20_000, 300, () -> bytesIn(s));
            assertTrue(in > 0 && in < size, "the server stalled part-way (read " + in + " of " + size + ")");
            Received received = readAllHashed(s.getInputStream());
            assertEquals(size, received.bytes(), "bytes echoed before the server closed");
            assertEquals(sent.get(30, TimeUnit.SECONDS), received.sha256(), "SHA-256");
        }
    }

    @Test
    void clientThatNeverReadsStallsTheServerInsteadOfGrowingIt() throws Exception {
        long cap = 512L * 1024 * 1024;
        try (Socket s = connect(ports.tcpEcho())) {
            AtomicLong written = new AtomicLong();
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    OutputStream out = s.getOutputStream();
                    while (written.get() < cap) {
                        out.write(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (IOException closedByTest) {
                    // expected when the test closes the socket under the blocked write
                }
            }, "non-reading-client");
            writer.setDaemon(true);
            writer.start();
            // The client's writes stop making progress once every buffer on the path is full ...
            Wire.stable(30_000, 600, written::get);
            assertTrue(written.get() < cap, "client writes never stalled: server kept reading");
            // ... and the server stops reading: what it holds beyond what it wrote is at most its buffer.
            long in = Wire.stable(10_000, 500, () -> bytesIn(s));
            Map<String, Object> row = connectionOf(s);
            assertNotNull(row);
            assertEquals(in, number(row, "bytesIn"), "server must not read while its writes are blocked");
            assertTrue(in < 64L * 1024 * 1024, "server read " + in + " bytes from a non-reading client");
            long held = in - number(row, "bytesOut");
            assertTrue(held >= 0 && held <= 32 * 1024, "held back " + held + " bytes; the connection buffer is 32 KiB");
        }
    }

    @Test
    void connectionTableShowsPeerAndBytes() throws Exception {
        try (Socket s = connect(ports.tcpEcho())) {
            s.getOutputStream().write(new byte[1234]);
            readExactly(s.getInputStream(), 1234);
            assertTrue(Wire.eventually(2000, () -> {
                Map<String, Object> r = connectionOf(s);
                return r != null && number(r, "bytesIn") == 1234 && number(r, "bytesOut") == 1234;
            }));
            Map<String, Object> row = connectionOf(s);
            assertEquals("echo", row.get("listener"));
            assertNull(row.get("proxyClient"));
            assertNotNull(row.get("startedAt"));
            @SuppressWarnings("unchecked")
            Map<String, Object> peer = (Map<String, Object>) row.get("peer");
            assertEquals("127.0.0.1", peer.get("address"));
        }
    }

    @Test
    void discardReadsEverythingAndAnswersNothing() throws Exception {
        try (Socket s = connect(ports.discard())) {
            s.getOutputStream().write(new byte[1024 * 1024]);
            s.shutdownOutput();
            assertEquals(0, readToEof(s.getInputStream()).length);
        }
    }

    @Test
    void chargenSendsRotating72CharLines() throws Exception {
        try (Socket s = connect(ports.chargen())) {
            String text = new String(readExactly(s.getInputStream(), 74 * 96), StandardCharsets.US_ASCII);
            String[] lines = text.split("\r\n", -1);
            assertEquals(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefg", lines[0]);
            assertEquals("!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefgh", lines[1]);
            assertEquals(lines[0], lines[95], "the pattern repeats after 95 lines");
            for (int i = 0; i < 96; i++) {
                assertEquals(72, lines[i].length());
            }
        }
    }

    @Test
    void chargenKeepsSendingAfterTheClientHalfCloses() throws Exception {
        try (Socket s = connect(ports.chargen())) {
            s.shutdownOutput();
            assertTrue(Wire.eventually(5000, () -> connectionOf(s) != null && "client-fin".equals(connectionOf(s).get("phase"))),
                "the server saw our FIN");
            readExactly(s.getInputStream(), 1024 * 1024); // a megabyte after our FIN
        }
    }

    @Test
    void chargenWaitsForASlowReader() throws Exception {
        try (Socket s = connect(ports.chargen())) {
            readExactly(s.getInputStream(), 10);
            long out = Wire.stable(20_000, 500, () -> number(connectionOf(s), "bytesOut"));
            assertTrue(out < 64L * 1024 * 1024, "chargen wrote " + out + " bytes to a reader that stopped");
        }
    }

    @Test
    void connectionListShowsTheOldestHundredAndCountsAll() throws Exception {
        int open = 150;
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < open; i++) {
                clients.add(connect(ports.discard()));
            }
            assertTrue(Wire.eventually(10_000, () -> given().get("/connections").then().extract().jsonPath()
                .getInt("count") >= open), "the service sees every connection");
            JsonPath body = given().get("/connections").then().statusCode(200).extract().jsonPath();
            List<Long> ids = body.getList("connections.id", Long.class);
            assertEquals(100, ids.size(), "rows are capped");
            assertTrue(body.getInt("count") >= open, "count is every connection: " + body.getInt("count"));
            assertEquals(ids.stream().sorted().toList(), ids, "oldest first");
        } finally {
            for (Socket c : clients) {
                c.close();
            }
        }
    }

    private static long bytesIn(Socket s) {
        Map<String, Object> row = connectionOf(s);
        return row == null ? -1 : number(row, "bytesIn");
    }
}
