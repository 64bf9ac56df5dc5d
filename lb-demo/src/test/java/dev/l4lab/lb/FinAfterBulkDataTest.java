package dev.l4lab.lb;

import static dev.l4lab.lb.support.Clients.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.support.Pools;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
        AtomicLong written = new AtomicLong();
        // The backend reads the request up to the client's FIN, then writes 16 MiB and closes.
        try (Backend backend = new Backend(s -> {
            try (s) {
                if (s.getInputStream().readAllBytes().length == 0) {
                    return; // a health check
                }
                s.setSendBufferSize(64 * 1024); // a fixed, small send buffer: the kernel cannot take it all
                sentCrc.set(writePattern(s.getOutputStream(), written));
            } catch (IOException e) {
                // the test failed or ended
            }
        })) {
            Pools.withOnlyBackend("echo", backend.address(), () -> {
                try (Socket client = connect()) {
                    client.getOutputStream().write('?');
                    client.shutdownOutput(); // the client's FIN goes first
                    // The client reads nothing: the LB's buffer and both kernels' fill, and the backend blocks.
                    awaitAhead("the backend's writes, while the client reads nothing", written);
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
        CountDownLatch startReading = new CountDownLatch(1);
        // The backend sends its FIN at once, reads nothing until told, then reads up to the client's FIN.
        try (Backend backend = new Backend(s -> {
            try (s) {
                s.shutdownOutput();
                startReading.await(60, TimeUnit.SECONDS);
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
            Pools.withOnlyBackend("echo", backend.address(), () -> {
                try (Socket client = connect()) {
                    assertEquals(-1, client.getInputStream().read(), "the server's FIN arrives first");
                    AtomicLong written = new AtomicLong();
                    CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() -> {
                        try {
                            long crc = writePattern(client.getOutputStream(), written);
                            client.shutdownOutput(); // then the client's FIN
                            return crc;
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                    awaitAhead("the client's writes, while the backend reads nothing", written);
                    startReading.countDown();
                    long crc = sent.get(30, TimeUnit.SECONDS);
                    await("16 MiB reach the backend", Duration.ofSeconds(30), () -> received.get() >= 0);
                    assertEquals(TOTAL, received.get(), "every byte the client sent before its FIN");
                    assertEquals(crc, receivedCrc.get(), "the bytes in order");
                } finally {
                    startReading.countDown();
                }
            });
        }
    }

    /**
     * The precondition of both tests: the writer is ahead of a reader that reads nothing, by more than the reader's
     * socket buffer and lb-demo's high-water mark can take, so bytes wait in lb-demo's path when the FIN comes. Its
     * count stands still for half a second (backpressure stopped it, or it wrote everything the kernels took).
     */
    private static void awaitAhead(String what, AtomicLong written) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long last = -1;
        int still = 0;
        while (still < 5) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still moving after 30 s: " + what + " at " + written.get());
            }
            Thread.sleep(100);
            long now = written.get();
            still = now == last && now > 0 ? still + 1 : 0;
            last = now;
        }
        assertTrue(last >= 1024 * 1024, what + " got ahead of the reader by at least 1 MiB: " + last);
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(64 * 1024);
        s.setSendBufferSize(64 * 1024);
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), runtime.port("echo")), 5000);
        s.setSoTimeout(30_000);
        return s;
    }

    /** Writes TOTAL bytes of a counting pattern, counting them, and returns their CRC (the caller sends the FIN). */
    private static long writePattern(OutputStream out, AtomicLong written) throws IOException {
        CRC32 crc = new CRC32();
        byte[] chunk = new byte[64 * 1024];
        for (int sent = 0; sent < TOTAL; sent += chunk.length) {
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = (byte) ((sent + i) * 31 >>> 8);
            }
            crc.update(chunk);
            out.write(chunk);
            written.addAndGet(chunk.length);
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
