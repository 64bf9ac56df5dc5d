package dev.l4lab.probe;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.l4lab.probe.support.Listeners;
import io.quarkus.test.junit.QuarkusTest;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The host gauges on /q/metrics follow the network namespace: made TIME-WAIT sockets show up in
 * probe_host_tcp_time_wait_sockets and probe_host_ephemeral_ports_in_use within a few refreshes.
 */
@QuarkusTest
class HostLimitGaugesTest {

    private static final int TIME_WAIT_MADE = 1000;

    @Test
    void gaugesAreExposedWithTheirTypes() {
        String body = metrics();
        for (String name : new String[] {"probe_host_tcp_time_wait_sockets", "probe_host_ephemeral_ports_in_use",
            "probe_host_ephemeral_ports_range_size"}) {
            assertTrue(body.contains("# TYPE " + name + " gauge"), name + " is a gauge on /q/metrics");
        }
    }

    @Test
    void rangeSizeIsTheKernelsPortRange() throws Exception {
        // "32768\t60999"; read line by line: /proc files have no size for readString to go by.
        String[] range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim()
                .split("\\s+");
        int size = Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
        double gauge = waitForValue("probe_host_ephemeral_ports_range_size");
        assertEquals(size, gauge, 0.0, "ip_local_port_range " + range[0] + "-" + range[1]);
    }

    @Test
    void timeWaitSocketsMadeHereAreCounted() throws Exception {
        assertFalse(Double.isNaN(waitForValue("probe_host_tcp_time_wait_sockets")), "a first reading after start-up");
        try (Listeners listeners = new Listeners()) {
            int port = listeners.tcpSink();
            // The client closes first, so each connection leaves a TIME-WAIT socket here for 60 s.
            for (int i = 0; i < TIME_WAIT_MADE; i++) {
                new Socket(Listeners.LOOPBACK, port).close();
            }
            long deadline = System.nanoTime() + 30_000_000_000L;
            double timeWait = 0;
            double inUse = 0;
            while (System.nanoTime() < deadline) {
                String body = metrics();
                timeWait = value(body, "probe_host_tcp_time_wait_sockets");
                inUse = value(body, "probe_host_ephemeral_ports_in_use");
                if (timeWait >= TIME_WAIT_MADE && inUse >= TIME_WAIT_MADE) {
                    return;
                }
                Thread.sleep(500);
            }
            fail("after " + TIME_WAIT_MADE + " client-closed connections: probe_host_tcp_time_wait_sockets "
                    + timeWait + ", probe_host_ephemeral_ports_in_use " + inUse);
        }
    }

    private static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The gauge's value once it has one (the first refresh runs right after start-up). */
    private static double waitForValue(String name) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        double v = Double.NaN;
        while (System.nanoTime() < deadline) {
            v = value(metrics(), name);
            if (!Double.isNaN(v)) {
                return v;
            }
            Thread.sleep(200);
        }
        return v;
    }

    private static double value(String body, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? (\\S+)$").matcher(body);
        assertTrue(m.find(), name + " is on /q/metrics");
        return Double.parseDouble(m.group(1));
    }
}
