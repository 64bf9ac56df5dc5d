package dev.l4lab.lb;

import static dev.l4lab.lb.support.Clients.await;
import static dev.l4lab.lb.support.Clients.setState;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A backend that stops reading must stop the client too, not make the LB buffer: the client cannot push 64 MiB
 * while the backend reads nothing (at most the kernel's socket buffers and the LB's 256 KiB bound fit), and once
 * the backend reads again every byte arrives.
 */
@QuarkusTest
class BackpressureTest {

    private static final long TOTAL = 64L * 1024 * 1024;

    @Inject
    LbRuntime runtime;

    @Test
    void aStalledBackendStallsTheClientAndNothingIsLost() throws Exception {
        List<String> others = given().get("/pools/echo").then().extract().path("backends.address");
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        AtomicLong received = new AtomicLong();
        AtomicLong written = new AtomicLong();
        try (ServerSocket stalled = new ServerSocket()) {
            stalled.setReceiveBufferSize(64 * 1024);
            stalled.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread acceptor = daemon(() -> {
                while (!stalled.isClosed()) {
                    try {
                        accepted.add(stalled.accept()); // held, not read (health checks connect here too)
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            String address = "127.0.0.1:" + stalled.getLocalPort();
            given().contentType("application/json").body("{\"address\":\"" + address + "\"}")
                    .post("/pools/echo/backends").then().statusCode(201);
            try (Socket client = new Socket()) {
                others.forEach(b -> setState("echo", b, "MAINT"));
                client.setSendBufferSize(64 * 1024);
                client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), runtime.port("echo")), 5000);
                OutputStream out = client.getOutputStream();
                daemon(() -> {
                    byte[] chunk = new byte[64 * 1024];
                    try {
                        while (written.get() < TOTAL) {
                            out.write(chunk);
                            written.addAndGet(chunk.length);
                        }
                        client.shutdownOutput();
                    } catch (IOException e) {
                        // the test closed the socket
                    }
                });
                // Wait (bounded) until the client makes no progress for 1 s: it is blocked by full buffers.
                long last = -1;
                long stalledSince = System.nanoTime();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < deadline && System.nanoTime() - stalledSince < 1_000_000_000L) {
                    Thread.sleep(100);
                    long now = written.get();
                    if (now != last) {
                        last = now;
                        stalledSince = System.nanoTime();
                    }
                }
                assertTrue(written.get() < TOTAL / 2,
                        "the client stalls while the backend reads nothing; it wrote " + written.get() + " bytes");

                accepted.forEach(s -> daemon(() -> drain(s, received))); // the backend reads again
                await("every byte reaches the backend", Duration.ofSeconds(30), () -> received.get() >= TOTAL);
                assertEquals(TOTAL, written.get());
                Thread.sleep(200);
                assertEquals(TOTAL, received.get(), "no byte lost or duplicated");
            } finally {
                others.forEach(b -> setState("echo", b, "UP"));
                given().delete("/pools/echo/backends/" + address).then().statusCode(204);
                stalled.close();
                acceptor.interrupt();
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    private static void drain(Socket s, AtomicLong received) {
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = s.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                received.addAndGet(n);
            }
        } catch (IOException e) {
            // closed
        }
    }

    private static Thread daemon(Runnable r) {
        Thread t = new Thread(r, "backpressure-test");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
