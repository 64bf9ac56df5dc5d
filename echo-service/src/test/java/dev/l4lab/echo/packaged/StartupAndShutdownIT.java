package dev.l4lab.echo.packaged;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.echo.Wire;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What the packaged jar does when it starts and when it is stopped (SIGTERM, as docker stop sends). */
class StartupAndShutdownIT {

    @Test
    void aSecondInstanceOnTheSameUdpPortFailsToStartNamingThePort() throws Exception {
        try (PackagedEcho first = PackagedEcho.start("udp-first", Map.of());
             PackagedEcho second = PackagedEcho.launch("udp-second", Map.of(), first.udpEcho)) {
            int code = second.exitCodeWithin(Duration.ofSeconds(90));
            assertNotEquals(0, code);
            assertTrue(second.log().contains("udp/" + first.udpEcho), second.tail());
            // the first one still owns the port
            try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(Wire.HOST, 0))) {
                client.setSoTimeout(3000);
                client.send(new DatagramPacket(new byte[] {42}, 1, new InetSocketAddress(Wire.HOST, first.udpEcho)));
                DatagramPacket reply = new DatagramPacket(new byte[4], 4);
                client.receive(reply);
                assertEquals(1, reply.getLength());
            }
        }
    }

    @Test
    void aConfigurationThatCannotFitTheHeapFailsStartUpNamingTheKeys() throws Exception {
        try (PackagedEcho tooMany = PackagedEcho.launch("too-many", Map.of("echo.limits.max-connections", "100000"), 0)) {
            assertNotEquals(0, tooMany.exitCodeWithin(Duration.ofSeconds(90)));
            String log = tooMany.log();
            assertTrue(log.contains("echo.limits.max-connections=100000") && log.contains("echo.limits.connection-buffer")
                && log.contains("-Xmx"), tooMany.tail());
        }
    }

    @Test
    void twoTcpListenersOnOnePortFailStartUpNamingBothKeys() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName(Wire.HOST))) {
            port = free.getLocalPort();
        }
        Map<String, String> samePort = Map.of("echo.tcp.port", Integer.toString(port), "echo.discard.port",
            Integer.toString(port));
        try (PackagedEcho shared = PackagedEcho.launch("same-port", samePort, 0)) {
            assertNotEquals(0, shared.exitCodeWithin(Duration.ofSeconds(90)));
            String log = shared.log();
            assertTrue(log.contains("echo.tcp.port and echo.discard.port are both " + port), shared.tail());
        }
    }

    @Test
    void aBadEnumValueFailsStartUpNamingTheKey() throws Exception {
        try (PackagedEcho bad = PackagedEcho.launch("bad-enum", Map.of("echo.tcp.proxy-protocol", "sometimes"), 0)) {
            assertNotEquals(0, bad.exitCodeWithin(Duration.ofSeconds(90)));
            assertTrue(bad.log().contains("echo.tcp.proxy-protocol"), bad.tail());
        }
    }

    @Test
    void sigtermLetsConnectionsFinishEchoingWhatTheySentThenCloses() throws Exception {
        try (PackagedEcho echo = PackagedEcho.start("drain", Map.of("echo.shutdown.drain-timeout", "2S"))) {
            echo.api().contentType(ContentType.JSON).body("{\"latencyMs\":1000}").put("/faults").then().statusCode(200);
            try (Socket held = Wire.connect(echo.tcpEcho); Socket idle = Wire.connect(echo.tcpEcho);
                 Socket flooding = Wire.connect(echo.tcpEcho)) {
                held.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                AtomicLong flooded = new AtomicLong();
                Thread flooder = new Thread(() -> flood(flooding, flooded), "never-reads");
                flooder.setDaemon(true);
                flooder.start();
                assertTrue(Wire.eventually(10_000, () -> echo.api().get("/connections").then().extract().jsonPath()
                    .getInt("count") == 3 && flooded.get() > 0), "three connections open");
                long stop = System.nanoTime();
                echo.sigterm();
                // held back by the latency fault when SIGTERM came: still echoed, then a clean FIN
                held.setSoTimeout(5000);
                assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), Wire.readExactly(held.getInputStream(), 5));
                assertEquals(-1, held.getInputStream().read());
                // nothing in flight: closed as soon as it is quiet
                idle.setSoTimeout(5000);
                assertEquals(-1, idle.getInputStream().read());
                // a client that never stops sending is closed at the drain deadline
                int code = echo.exitCodeWithin(Duration.ofSeconds(5));
                long ms = (System.nanoTime() - stop) / 1_000_000;
                assertTrue(ms < 5000, "stopped after " + ms + " ms; the compose grace period is 5 s");
                String log = echo.log();
                assertTrue(log.contains("still open after 2000 ms; closing them"), echo.tail());
                assertTrue(code == 0 || code == 143, "exit code " + code);
            }
        }
    }

    private static void flood(Socket s, AtomicLong written) {
        byte[] chunk = new byte[16 * 1024];
        try {
            OutputStream out = s.getOutputStream();
            while (true) {
                out.write(chunk);
                written.addAndGet(chunk.length);
            }
        } catch (IOException closedByTheServer) {
            // the end of this client
        }
    }
}
