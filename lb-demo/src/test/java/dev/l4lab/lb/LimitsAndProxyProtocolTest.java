package dev.l4lab.lb;

import static dev.l4lab.lb.support.Clients.await;
import static dev.l4lab.lb.support.Clients.connect;
import static dev.l4lab.lb.support.Clients.readLine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.frontend.Drop;
import dev.l4lab.lb.support.Clients;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.DataInputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * "echo-http" has max-connections=3; "echo-http-proxied" has one backend with max-connections-per-backend=1
 * and send-proxy-v2 (the test backend echoes the header back to us).
 */
@QuarkusTest
class LimitsAndProxyProtocolTest {

    @Inject
    LbRuntime runtime;

    @Test
    void frontendLimitClosesTheExtraConnectionAndRecovers() throws Exception {
        int port = runtime.port("echo-http");
        var stats = runtime.frontend("echo-http").orElseThrow().stats();
        await("no leftover connections", Duration.ofSeconds(15), () -> stats.active.get() == 0);
        long rejected = stats.drops(Drop.LIMIT);
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket s = connect(port);
                open.add(s);
                assertNotNull(readLine(s));
            }
            try (Socket extra = connect(port)) {
                assertTrue(Clients.closedByPeer(extra), "4th connection over max-connections=3 is closed");
            }
            assertEquals(rejected + 1, stats.drops(Drop.LIMIT));
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
        await("slots freed", Duration.ofSeconds(15), () -> stats.active.get() == 0);
        assertNotNull(Clients.greeting(port), "a new connection works once under the limit");
    }

    @Test
    void perBackendLimitAndProxyV2Header() throws Exception {
        int port = runtime.port("echo-http-proxied");
        var stats = runtime.frontend("echo-http-proxied").orElseThrow().stats();
        long noBackend = stats.drops(Drop.NO_BACKEND);
        try (Socket first = connect(port)) {
            assertNotNull(readLine(first));
            // the backend echoes what it received: the PROXY v2 header written before any client byte
            DataInputStream in = new DataInputStream(first.getInputStream());
            byte[] header = new byte[28];
            in.readFully(header);
            ByteBuffer b = ByteBuffer.wrap(header);
            byte[] sig = new byte[12];
            b.get(sig);
            assertArrayEquals(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A}, sig);
            assertEquals(0x21, b.get() & 0xff, "version 2, PROXY command");
            assertEquals(0x11, b.get() & 0xff, "TCP over IPv4");
            assertEquals(12, b.getShort());
            byte[] src = new byte[4];
            byte[] dst = new byte[4];
            b.get(src);
            b.get(dst);
            assertArrayEquals(new byte[] {127, 0, 0, 1}, src);
            assertArrayEquals(new byte[] {127, 0, 0, 1}, dst);
            assertEquals(first.getLocalPort(), b.getShort() & 0xffff, "source port is the real client's");
            assertEquals(port, b.getShort() & 0xffff, "destination port is the frontend's");

            try (Socket second = connect(port)) {
                assertTrue(Clients.closedByPeer(second), "the only backend is at max-connections-per-backend=1");
            }
            assertEquals(noBackend + 1, stats.drops(Drop.NO_BACKEND));
        }
    }
}
