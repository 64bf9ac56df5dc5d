package dev.l4lab.gateway.netns;

import static dev.l4lab.gateway.support.Api.api;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.gateway.support.Api;
import dev.l4lab.gateway.support.NetnsLab;
import dev.l4lab.gateway.support.NetnsProfile;
import dev.l4lab.gateway.support.NetnsTestBase;
import dev.l4lab.gateway.support.Shell;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Capture on the gateway: a pcap that tcpdump -r opens, and the same packets as a timeline where one handshake
 * shows up twice, before NAT on the outside interface and after it on the lab interface.
 */
@QuarkusTest
@TestProfile(NetnsProfile.class)
class CaptureTest extends NetnsTestBase {



    @Test
    void theTimelineShowsTheHandshakeBeforeAndAfterNat() throws Exception {
        JsonPath t = whileConnecting(() -> api().queryParam("interface", "both")
                .queryParam("filter", "tcp[tcpflags] & tcp-syn != 0").queryParam("count", 8).queryParam("seconds", 20)
                .get("/capture/timeline")).then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> packets = t.getList("packets");
        assertEquals(8, t.getInt("count"), t.prettify());
        assertTrue(packets.stream().anyMatch(p -> "outside".equals(p.get("side")) && "S".equals(p.get("flags"))
                && NetnsLab.CLIENT.equals(p.get("src")) && NetnsLab.GATEWAY_OUTSIDE.equals(p.get("dst"))
                && Integer.valueOf(80).equals(p.get("dstPort")) && "in".equals(p.get("direction"))
                && Integer.valueOf(0).equals(p.get("seq"))), "the client's SYN on the outside interface: " + t.prettify());
        assertTrue(packets.stream().anyMatch(p -> "lab".equals(p.get("side")) && "S".equals(p.get("flags"))
                && NetnsLab.GATEWAY_LAB.equals(p.get("src")) && NetnsLab.SERVER.equals(p.get("dst"))
                && Integer.valueOf(8080).equals(p.get("dstPort")) && "out".equals(p.get("direction"))),
                "the same SYN after DNAT and MASQUERADE on the lab interface: " + t.prettify());
        assertTrue(packets.stream().anyMatch(p -> "S.".equals(p.get("flags")) && Integer.valueOf(1).equals(p.get("ack"))),
                "a SYN-ACK acknowledging relative sequence 1: " + t.prettify());
        assertTrue(t.getInt("outside") >= 2 && t.getInt("lab") >= 2, t.prettify());
    }

    @Test
    void thePcapOpensInTcpdump() throws Exception {
        Response r = whileConnecting(() -> api().queryParam("interface", "outside").queryParam("filter", "tcp port 80")
                .queryParam("count", 3).queryParam("seconds", 20).get("/capture"));
        r.then().statusCode(200).contentType("application/vnd.tcpdump.pcap").header("X-Capture-Packets", "3");
        Path file = Files.createTempFile("gateway-test-", ".pcap");
        try {
            Files.write(file, r.asByteArray());
            Shell.Result read = Shell.run(List.of("tcpdump", "-nn", "-r", file.toString()), 20);
            assertTrue(read.ok(), read.output());
            assertTrue(read.output().contains("LINUX_SLL2") && read.output().contains(NetnsLab.GATEWAY_OUTSIDE + ".80"), read.output());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void boundsAndFiltersAreChecked() throws Exception {
        api().queryParam("filter", "tcp port 99999").get("/capture").then().statusCode(400).body("field", equalTo("filter"))
                .body("error", containsString("tcpdump"));
        api().queryParam("filter", "tcp and (").get("/capture/timeline").then().statusCode(400).body("field", equalTo("filter"));
        api().queryParam("filter", "tcp port 80 \u00e9").get("/capture").then().statusCode(400).body("field", equalTo("filter"));
        api().queryParam("interface", "eth9").get("/capture").then().statusCode(400).body("field", equalTo("interface"));
        api().queryParam("count", 0).get("/capture").then().statusCode(400).body("field", equalTo("count"));
        api().queryParam("count", 100_001).get("/capture").then().statusCode(400).body("field", equalTo("count"));
        api().queryParam("seconds", 3600).get("/capture").then().statusCode(400).body("field", equalTo("seconds"));
        api().queryParam("snaplen", 10).get("/capture").then().statusCode(400).body("field", equalTo("snaplen"));

        // Two slots (gateway.capture.max-concurrent=2): a third capture at once is refused, not queued.
        Supplier<Response> quiet = () -> api().queryParam("filter", "udp port 7").queryParam("seconds", 4).get("/capture");
        CompletableFuture<Response> a = CompletableFuture.supplyAsync(quiet);
        CompletableFuture<Response> b = CompletableFuture.supplyAsync(quiet);
        Api.sleep(1500);
        api().queryParam("seconds", 1).get("/capture").then().statusCode(429).body("error", containsString("max-concurrent"));
        a.get(30, TimeUnit.SECONDS).then().statusCode(200).header("X-Capture-Packets", "0");
        b.get(30, TimeUnit.SECONDS).then().statusCode(200);
        assertTrue(api().get("/q/metrics").asString().contains("gateway_rejected_requests_total{reason=\"capture-busy\"}"));
    }

    /** Runs the capture request while the client opens a connection to port 80 every 300 ms. */
    private <T> T whileConnecting(Supplier<T> capture) throws Exception {
        CompletableFuture<T> result = CompletableFuture.supplyAsync(capture);
        long deadline = System.nanoTime() + 25_000_000_000L;
        while (!result.isDone() && System.nanoTime() < deadline) {
            lab.client(10, "tcp-probe", NetnsLab.GATEWAY_OUTSIDE, "80", "2");
            Api.sleep(300);
        }
        return result.get(30, TimeUnit.SECONDS);
    }
}
