package dev.l4lab.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.probe.support.GrpcTestBase;
import dev.l4lab.probe.support.RawGrpc;
import dev.l4lab.probe.support.RawHttp;
import dev.l4lab.probe.v1.PortState;
import dev.l4lab.probe.v1.ScanRequest;
import dev.l4lab.probe.v1.TcpProbeRequest;
import dev.l4lab.probe.v1.TcpProbeResult;
import dev.l4lab.probe.v1.UdpProbeRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a hostile client sends: pathological regexes, empty and absurd fields, JSON and protobuf that lie. */
@QuarkusTest
class HostileInputTest extends GrpcTestBase {

    @Test
    void aCatastrophicBacktrackingRegexCannotFreezeTheService() throws Exception {
        int port = listeners.tcpSender("a".repeat(40_000).getBytes(StandardCharsets.ISO_8859_1));
        List<CompletableFuture<TcpProbeResult>> probes = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        listeners.track((AutoCloseable) clients::shutdownNow);
        for (int i = 0; i < 8; i++) {
            probes.add(CompletableFuture.supplyAsync(() -> probe.tcpProbe(TcpProbeRequest.newBuilder().setHost("127.0.0.1")
                    .setPort(port).setTimeoutMs(5000).setReadTimeoutMs(2000).setMaxBannerBytes(65_536)
                    .setExpect("(a|aa)*c").build()), clients));
        }
        // java.util.regex needs longer than the universe for this; the event loop must stay free meanwhile
        long start = System.nanoTime();
        given200("/q/health/ready");
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 3000, "health answered while matching");
        for (CompletableFuture<TcpProbeResult> f : probes) {
            TcpProbeResult r = f.get(30, TimeUnit.SECONDS);
            assertEquals(PortState.OPEN, r.getState(), r.toString());
            assertFalse(r.getExpectMatched());
            assertEquals(40_000, r.getBanner().size());
        }
        TcpProbeResult matched = probe.tcpProbe(TcpProbeRequest.newBuilder().setHost("127.0.0.1").setPort(port)
                .setTimeoutMs(5000).setReadTimeoutMs(5000).setExpect("a{100}").build());
        assertTrue(matched.getExpectMatched(), "a match ends the read early");
    }

    private void given200(String path) throws Exception {
        assertEquals(200, RawHttp.request(InetAddress.getLoopbackAddress(), url.getPort(), "GET", path, null).status());
    }

    @Test
    void unsupportedOrOversizedRegexesAreInvalidArgumentNamingExpect() {
        for (String regex : new String[] {"(a)\\1", "(?=x)", "((a{999}){999}){999}", "(a{1000}){1000}"}) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> probe.tcpProbe(
                    TcpProbeRequest.newBuilder().setHost("127.0.0.1").setPort(1).setExpect(regex).build()), regex);
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), regex);
            assertTrue(e.getStatus().getDescription().startsWith("expect: "), e.getStatus().getDescription());
            StatusRuntimeException u = assertThrows(StatusRuntimeException.class, () -> probe.udpProbe(
                    UdpProbeRequest.newBuilder().setHost("127.0.0.1").setPort(1).setExpect(regex).build()), regex);
            assertEquals(Status.Code.INVALID_ARGUMENT, u.getStatus().getCode(), regex);
        }
    }

    @Test
    void emptyAndAbsurdPortListsAreRefusedAtOnce() {
        for (String ports : new String[] {",", ",,,", "", "1 - 2", "\uFF18\uFF10", "80,", "1-2-3", " "}) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> probe.scan(ScanRequest.newBuilder()
                    .setHost("127.0.0.1").setPorts(ports).build()).hasNext(), "'" + ports + "'");
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), ports);
            assertTrue(e.getStatus().getDescription().startsWith("ports: "), e.getStatus().getDescription());
        }
        StatusRuntimeException host = assertThrows(StatusRuntimeException.class, () -> probe.tcpProbe(
                TcpProbeRequest.newBuilder().setHost("[]").setPort(80).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, host.getStatus().getCode());
        assertTrue(host.getStatus().getDescription().startsWith("host: "), host.getStatus().getDescription());
    }

    @Test
    void restJsonIsStrictAboutTypesAndShape() throws Exception {
        String[][] cases = {
            {"{\"host\":\"127.0.0.1\",\"port\":[7000]}", "port"},
            {"{\"host\":\"127.0.0.1\",\"port\":\"7000\"}", "port"},
            {"{\"host\":\"127.0.0.1\",\"port\":7000.5}", "port"},
            {"{\"host\":\"127.0.0.1\",\"port\":1e3}", "port"},
            {"{\"host\":\"127.0.0.1\",\"port\":-1}", "port"},
            {"{\"host\":\"127.0.0.1\",\"port\":4294967296}", "port"},
            {"{\"host\":\"127.0.0.1\",\"port\":null}", "port"},
            {"{\"host\":127001,\"port\":80}", "host"},
            {"{\"host\":[\"127.0.0.1\"],\"port\":80}", "host"},
            {"{\"host\":\"[]\",\"port\":80}", "host"},
            {"{\"host\":\"127.0.0.1\",\"port\":80,\"port\":81}", "body"},
            {"{\"host\":\"127.0.0.1\",\"port\":80} {}", "body"},
            {"[{\"host\":\"127.0.0.1\"}]", "body"},
            {"{\"host\":\"127.0.0.1\",\"port\":80,\"send\":\"not base64!\"}", "send"},
            {"{\"host\":\"127.0.0.1\",\"port\":80,\"timeout_ms\":5}", "timeout_ms"},
        };
        for (String[] c : cases) {
            RawHttp.Response r = RawHttp.request(InetAddress.getLoopbackAddress(), url.getPort(), "POST",
                    "/api/v1/tcp-probe", c[0]);
            assertEquals(400, r.status(), c[0] + " -> " + r.body());
            assertTrue(r.body().contains("\"field\":\"" + c[1] + "\""), c[0] + " -> " + r.body());
        }
        String[][] scans = {
            {"{\"host\":\"127.0.0.1\",\"ports\":\",\"}", "ports"},
            {"{\"host\":\"127.0.0.1\",\"ports\":\"\uFF11\uFF12\"}", "ports"},
            {"{\"host\":\"127.0.0.1\",\"ports\":\"1 - 2\"}", "ports"},
            {"{\"host\":\"127.0.0.1\",\"ports\":\"80\",\"protocol\":\"SCTP\"}", "protocol"},
            {"{\"host\":\"127.0.0.1\",\"ports\":\"80\",\"protocol\":2}", "protocol"},
            {"{\"host\":\"127.0.0.1\",\"ports\":\"80\",\"openOnly\":\"yes\"}", "openOnly"},
        };
        for (String[] c : scans) {
            RawHttp.Response r = RawHttp.request(InetAddress.getLoopbackAddress(), url.getPort(), "POST", "/api/v1/scan", c[0]);
            assertEquals(400, r.status(), c[0] + " -> " + r.body());
            assertTrue(r.body().contains("\"field\":\"" + c[1] + "\""), c[0] + " -> " + r.body());
        }
        RawHttp.Response port = RawHttp.request(InetAddress.getLoopbackAddress(), url.getPort(), "GET",
                "/api/v1/sockets?port=%EF%BC%98%EF%BC%90", null);
        assertEquals(400, port.status(), port.body());
        assertTrue(port.body().contains("\"field\":\"port\""), port.body());
    }

    @Test
    void malformedProtobufIsInvalidArgumentNotInternal() {
        byte[][] bodies = {
            {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF},          // a tag that never ends
            {0x0A, 0x7F, 'a'},                                 // host: says 127 bytes, has 1
            {0x10, (byte) 0x80},                               // port: truncated varint
            {0x12, 0x02, 'h', 'i'},                            // port (field 2) sent as length-delimited
            {0x48, 0x01},                                      // field 9: not in TcpProbeRequest
        };
        for (byte[] body : bodies) {
            StatusRuntimeException e = RawGrpc.call(channel, "TcpProbe", body);
            assertNotNull(e, "a malformed request must fail");
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), e.getStatus().toString());
            assertTrue(e.getStatus().getDescription().startsWith("body: "), e.getStatus().getDescription());
        }
        StatusRuntimeException scan = RawGrpc.call(channel, "HostLimits", new byte[] {(byte) 0xFF});
        assertEquals(Status.Code.INVALID_ARGUMENT, scan.getStatus().getCode());
    }
}
