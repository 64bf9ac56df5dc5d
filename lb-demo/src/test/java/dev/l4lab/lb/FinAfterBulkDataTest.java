package dev.l4lab.lb;

import static dev.l4lab.lb.support.Clients.await;
import static dev.l4lab.lb.support.Clients.setState;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The second FIN of a connection arrives while the LB still holds bytes for that peer (its reader is slow, so
 * backpressure has paused the other side). The LB closes a side as soon as its FIN arrives once our FIN to it is
 * out, and sends a FIN in the same segment as the last bytes: neither may cost a byte. 16 MiB each way, CRC-checked.
 */
@QuarkusTest
class FinAfterBulkDataTest {

    private static final int TOTAL = 16 * 1024 * 1024;

    @Inject
    LbRuntime runtime;

    @Test
    void aSlowClientGetsEveryByteOfAReplyThatEndsWithTheServersFin() throws Exception {
        AtomicLong sentCrc = new AtomicLong(-1);
        // The backend reads the request up to the client's FIN, then writes 16 MiB and closes.
        try (Backend backend = new Backend(s -> {
            try (s) {
                if (s.getInputStream().readAllBytes().length == 0) {
                    return; // a health check
                }
                sentCrc.set(writePattern(s.getOutputStream()));
            } catch (IOException e) {
                // the test failed or ended
            }
        })) {
            withOnlyBackend(backend, () -> {
                try (Socket client = connect()) {
                    client.getOutputStream().write('?');
                    client.shutdownOutput(); // the client's FIN goes first
                    Thread.sleep(1000); // reads nothing for a while: the LB's buffer and both kernels' fill up
                    CRC32 crc = new CRC32();
                    long n = drain(client.getInputStream(), crc);
                    assertEquals(TOTAL, n, "every byte of the reply before EOF");
                    assertEquals(sentCrc.get(), crc.getValue(), "the bytes in order");
                }
            });
        }
    }

    @Test
    void aSlowBackendGetsEveryByteTheClientSendsAfterTheServersFin() throws Exception {
        AtomicLong received = new AtomicLong(-1);
        AtomicLong receivedCrc = new AtomicLong();
        // The backend sends its FIN at once, waits, then reads slowly up to the client's FIN.
        try (Backend backend = new Backend(s -> {
            try (s) {
                s.shutdownOutput();
                Thread.sleep(1000);
                CRC32 crc = new CRC32();
                long n = drain(s.getInputStream(), crc);
                if (n > 0) {
                    receivedCrc.set(crc.getValue());
                    received.set(n);
                }
            } catch (IOException | InterruptedException e) {
                // the test failed or ended
            }
        })) {
            withOnlyBackend(backend, () -> {
                try (Socket client = connect()) {
                    assertEquals(-1, client.getInputStream().read(), "the server's FIN arrives first");
                    long crc = writePattern(client.getOutputStream());
                    client.shutdownOutput(); // then the client's FIN
                    await("16 MiB reach the backend", Duration.ofSeconds(30), () -> received.get() >= 0);
                    assertEquals(TOTAL, received.get(), "every byte the client sent before its FIN");
                    assertEquals(crc, receivedCrc.get(), "the bytes in order");
                }
            });
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(64 * 1024);
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), runtime.port("echo")), 5000);
        s.setSoTimeout(30_000);
        return s;
    }

    /** Writes TOTAL bytes of a counting pattern and returns their CRC (the caller sends the FIN). */
    private static long writePattern(OutputStream out) throws IOException {
        CRC32 crc = new CRC32();
        byte[] chunk = new byte[64 * 1024];
        for (int sent = 0; sent < TOTAL; sent += chunk.length) {
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = (byte) ((sent + i) * 31 >>> 8);
            }
            crc.update(chunk);
            out.write(chunk);
        }
        out.flush();
        return crc.getValue();
    }

    private static long drain(InputStream in, CRC32 crc) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            crc.update(buf, 0, n);
            total += n;
        }
        return total;
    }

    private void withOnlyBackend(Backend backend, ThrowingRunnable body) throws Exception {
        List<String> others = given().get("/pools/echo").then().extract().path("backends.address");
        given().contentType("application/json").body("{\"address\":\"" + backend.address() + "\"}")
                .post("/pools/echo/backends").then().statusCode(201);
        others.forEach(b -> setState("echo", b, "MAINT"));
        try {
            body.run();
        } finally {
            others.forEach(b -> setState("echo", b, "UP"));
            given().delete("/pools/echo/backends/" + backend.address()).then().statusCode(204);
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** A loopback TCP backend that serves each connection on its own thread with a small receive buffer. */
    private static final class Backend implements AutoCloseable {

        private final ServerSocket server = new ServerSocket();

        Backend(Consumer<Socket> serve) throws IOException {
            server.setReceiveBufferSize(64 * 1024);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            daemon(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        daemon(() -> serve.accept(s));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        String address() {
            return "127.0.0.1:" + server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }

        private static void daemon(Runnable r) {
            Thread t = new Thread(r, "fin-test-backend");
            t.setDaemon(true);
            t.start();
        }
    }
}
