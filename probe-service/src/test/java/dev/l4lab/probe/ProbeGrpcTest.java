package dev.l4lab.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.l4lab.probe.support.GrpcTestBase;
import dev.l4lab.probe.support.Listeners;
import dev.l4lab.probe.v1.PortResult;
import dev.l4lab.probe.v1.PortState;
import dev.l4lab.probe.v1.Protocol;
import dev.l4lab.probe.v1.ScanEvent;
import dev.l4lab.probe.v1.ScanRequest;
import dev.l4lab.probe.v1.ScanSummary;
import dev.l4lab.probe.v1.TcpProbeRequest;
import dev.l4lab.probe.v1.TcpProbeResult;
import dev.l4lab.probe.v1.UdpProbeRequest;
import dev.l4lab.probe.v1.UdpProbeResult;
import dev.l4lab.probe.v1.WatchEvent;
import dev.l4lab.probe.v1.WatchRequest;
import dev.l4lab.probe.v1.WatchStats;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** TcpProbe, UdpProbe, Scan and Watch through a generated grpc-java client against real loopback listeners. */
@QuarkusTest
class ProbeGrpcTest extends GrpcTestBase {

    /**
     * Timeouts for answers that come at once on loopback (handshake, RST, ICMP, echo). CI runs everything
     * on 2 busy cores, so they are generous: they only cost time when the test is failing anyway.
     */
    private static final int LOADED = 5000;
    /** Timeout for requests that also hold a silent target, which costs the whole timeout every run. */
    private static final int SLOW_ANSWER = 2000;

    @Test
    void tcpOpenReportsLocalEphemeralPortTimingsAndBanner() throws Exception {
        int port = listeners.tcpBanner("SSH-2.0-l4lab\r\n");
        TcpProbeResult r = probe.tcpProbe(TcpProbeRequest.newBuilder().setHost("127.0.0.1").setPort(port)
                .setTimeoutMs(LOADED).setSend(ByteString.copyFromUtf8("ping\n")).setExpect("ping").build());
        assertEquals(PortState.OPEN, r.getState(), r.toString());
        assertEquals("127.0.0.1", r.getResolvedAddress());
        assertEquals("127.0.0.1", r.getLocalAddress());
        assertTrue(r.getLocalPort() > 0 && r.getLocalPort() != port, "ephemeral port " + r.getLocalPort());
        assertTrue(r.getConnectMs() > 0 && r.getConnectMs() < LOADED, "connectMs " + r.getConnectMs());
        assertTrue(r.getFirstByteMs() > 0, "firstByteMs " + r.getFirstByteMs());
        assertTrue(r.getBannerText().startsWith("SSH-2.0-l4lab\r\n"), r.getBannerText());
        assertTrue(r.getExpectMatched());
        assertEquals("", r.getError());
    }

    @Test
    void tcpOpenWithoutReadingClosesAtOnce() throws Exception {
        int port = listeners.tcpBanner("");
        TcpProbeResult r = probe.tcpProbe(TcpProbeRequest.newBuilder().setHost("localhost").setPort(port)
                .setTimeoutMs(LOADED).build());
        assertEquals(PortState.OPEN, r.getState(), r.toString());
        assertTrue(r.getResolvedAddressesList().contains(r.getResolvedAddress()));
        assertTrue(r.getBanner().isEmpty());
    }

    @Test
    void tcpClosedIsARefusedConnect() throws Exception {
        int port = Listeners.closedPort();
        TcpProbeResult r = probe.tcpProbe(TcpProbeRequest.newBuilder().setHost("127.0.0.1").setPort(port)
                .setTimeoutMs(LOADED).build());
        assertEquals(PortState.CLOSED, r.getState(), r.toString());
        assertTrue(r.getError().toLowerCase().contains("refused"), r.getError());
        assertEquals(0, r.getLocalPort());
    }

    @Test
    void tcpFilteredWhenTheAcceptQueueIsFull() throws Exception {
        int[] filled = listeners.fillAcceptQueue();
        int port = filled[0];
        assertEquals(2, filled[1], "Linux accepts backlog + 1 handshakes into a backlog-1 queue, then drops SYNs");
        TcpProbeResult r = probe.tcpProbe(TcpProbeRequest.newBuilder().setHost("127.0.0.1").setPort(port)
                .setTimeoutMs(300).build());
        assertEquals(PortState.FILTERED, r.getState(), r.toString());
        // at least the timeout; the upper bound only proves the timeout ends the connect (slack for a busy machine)
        assertTrue(r.getConnectMs() >= 290 && r.getConnectMs() < LOADED, "connectMs " + r.getConnectMs());
    }

    @Test
    void udpOpenClosedAndOpenFiltered() throws Exception {
        int echo = listeners.udpEcho();
        UdpProbeResult open = probe.udpProbe(UdpProbeRequest.newBuilder().setHost("127.0.0.1").setPort(echo)
                .setPayload(ByteString.copyFromUtf8("hello")).setExpect("hel+o").setTimeoutMs(LOADED).build());
        assertEquals(PortState.OPEN, open.getState(), open.toString());
        assertEquals("hello", open.getReply().toString(StandardCharsets.UTF_8));
        assertTrue(open.getExpectMatched());
        assertTrue(open.getRttMs() > 0 && open.getRttMs() < LOADED, "rttMs " + open.getRttMs());
        assertEquals(5, open.getBytesSent());
        assertTrue(open.getLocalPort() > 0);

        UdpProbeResult closed = probe.udpProbe(UdpProbeRequest.newBuilder().setHost("127.0.0.1")
                .setPort(Listeners.closedPort()).setTimeoutMs(LOADED).build());
        assertEquals(PortState.CLOSED, closed.getState(), closed.toString());

        UdpProbeResult silent = probe.udpProbe(UdpProbeRequest.newBuilder().setHost("127.0.0.1")
                .setPort(listeners.udpSilent()).setTimeoutMs(200).build());
        assertEquals(PortState.OPEN_FILTERED, silent.getState(), silent.toString());
        assertEquals(0.0, silent.getRttMs());
    }

    @Test
    void tcpScanFindsExactlyTheKnownOpenPorts() throws Exception {
        Set<Integer> open = new TreeSet<>();
        for (int i = 0; i < 3; i++) {
            open.add(listeners.tcpBanner(""));
        }
        int filtered = listeners.filteredPort();
        Set<Integer> closed = new TreeSet<>();
        while (closed.size() < 40) {
            closed.add(Listeners.closedPort());
        }
        StringBuilder ports = new StringBuilder();
        for (int p : open) {
            ports.append(p).append(',');
        }
        for (int p : closed) {
            ports.append(p).append(',');
        }
        ports.append(filtered).append(',').append(open.iterator().next()); // a duplicate is merged
        List<ScanEvent> events = new ArrayList<>();
        probe.scan(ScanRequest.newBuilder().setHost("127.0.0.1").setPorts(ports.toString())
                .setConcurrency(16).setTimeoutMs(SLOW_ANSWER).build()).forEachRemaining(events::add);

        int expected = open.size() + closed.size() + 1;
        assertEquals(expected + 1, events.size(), "one result per port, then the summary");
        ScanSummary summary = events.get(events.size() - 1).getSummary();
        Map<Integer, PortState> byPort = new HashMap<>();
        for (ScanEvent e : events.subList(0, expected)) {
            assertTrue(e.hasResult());
            assertEquals(null, byPort.put(e.getResult().getPort(), e.getResult().getState()), "port reported twice");
        }
        for (int p : open) {
            assertEquals(PortState.OPEN, byPort.get(p), "port " + p);
        }
        for (int p : closed) {
            assertEquals(PortState.CLOSED, byPort.get(p), "port " + p);
        }
        assertEquals(PortState.FILTERED, byPort.get(filtered));
        assertEquals(new ArrayList<>(open), summary.getOpenPortsList());
        assertEquals(expected, summary.getPortsScanned());
        assertEquals(open.size(), summary.getCountsOrDefault("OPEN", 0));
        assertEquals(closed.size(), summary.getCountsOrDefault("CLOSED", 0));
        assertEquals(1, summary.getCountsOrDefault("FILTERED", 0));
        assertEquals("127.0.0.1", summary.getResolvedAddress());
    }

    @Test
    void scanOpenOnlyStreamsJustTheOpenPorts() throws Exception {
        int open = listeners.tcpBanner("");
        int closed = Listeners.closedPort();
        List<ScanEvent> events = new ArrayList<>();
        probe.scan(ScanRequest.newBuilder().setHost("127.0.0.1").setPorts(open + "," + closed).setOpenOnly(true)
                .setTimeoutMs(LOADED).build()).forEachRemaining(events::add);
        assertEquals(2, events.size());
        assertEquals(PortResult.newBuilder().setPort(open).setState(PortState.OPEN).build(),
                events.get(0).getResult().toBuilder().setRttMs(0).build());
        assertEquals(2, events.get(1).getSummary().getPortsScanned());
    }

    @Test
    void udpScanTellsOpenClosedAndOpenFilteredApart() throws Exception {
        int echo = listeners.udpEcho();
        int silent = listeners.udpSilent();
        int closed = Listeners.closedPort();
        List<ScanEvent> events = new ArrayList<>();
        probe.scan(ScanRequest.newBuilder().setHost("127.0.0.1").setProtocol(Protocol.UDP)
                .setPorts(echo + "," + silent + "," + closed).setTimeoutMs(SLOW_ANSWER).build())
                .forEachRemaining(events::add);
        Map<Integer, PortState> byPort = new HashMap<>();
        events.stream().filter(ScanEvent::hasResult).forEach(e -> byPort.put(e.getResult().getPort(), e.getResult().getState()));
        assertEquals(Map.of(echo, PortState.OPEN, silent, PortState.OPEN_FILTERED, closed, PortState.CLOSED), byPort);
        assertEquals(List.of(echo), events.get(3).getSummary().getOpenPortsList());
    }

    @Test
    void watchStreamsSamplesThenConsistentStats() throws Exception {
        int port = listeners.tcpBanner("");
        Iterator<WatchEvent> it = probe.watch(WatchRequest.newBuilder().setHost("127.0.0.1").setPort(port)
                .setCount(6).setIntervalMs(20).setTimeoutMs(LOADED).build());
        List<WatchEvent> events = new ArrayList<>();
        it.forEachRemaining(events::add);
        assertEquals(7, events.size());
        for (int i = 0; i < 6; i++) {
            assertEquals(i + 1, events.get(i).getSample().getSeq());
            assertEquals(PortState.OPEN, events.get(i).getSample().getState());
        }
        WatchStats s = events.get(6).getStats();
        assertEquals(6, s.getSent());
        assertEquals(6, s.getReceived());
        assertEquals(0.0, s.getLossPercent());
        double[] rtts = events.subList(0, 6).stream().mapToDouble(e -> e.getSample().getRttMs()).sorted().toArray();
        assertEquals(rtts[0], s.getMinMs());
        assertEquals(rtts[5], s.getMaxMs());
        assertEquals(java.util.Arrays.stream(rtts).average().orElseThrow(), s.getAvgMs(), 1e-9);
        assertEquals(rtts[2], s.getP50Ms(), "nearest-rank p50 of 6 samples is the 3rd");
        assertEquals(rtts[5], s.getP90Ms());
        assertEquals(rtts[5], s.getP99Ms());
        assertTrue(s.getStddevMs() >= 0);
    }

    @Test
    void watchOfAClosedPortIsAllLoss() throws Exception {
        List<WatchEvent> events = new ArrayList<>();
        probe.watch(WatchRequest.newBuilder().setHost("127.0.0.1").setPort(Listeners.closedPort())
                .setCount(3).setIntervalMs(10).setTimeoutMs(LOADED).build()).forEachRemaining(events::add);
        WatchStats s = events.get(3).getStats();
        assertEquals(3, s.getSent());
        assertEquals(0, s.getReceived());
        assertEquals(100.0, s.getLossPercent());
        assertEquals(PortState.CLOSED, events.get(0).getSample().getState());
    }

    @Test
    void udpWatchEchoes() throws Exception {
        int echo = listeners.udpEcho();
        List<WatchEvent> events = new ArrayList<>();
        probe.watch(WatchRequest.newBuilder().setHost("127.0.0.1").setPort(echo).setProtocol(Protocol.UDP)
                .setCount(3).setIntervalMs(10).setTimeoutMs(LOADED).build()).forEachRemaining(events::add);
        assertEquals(3, events.get(3).getStats().getReceived());
    }

    @Test
    void policyDeniesMetadataAndOtherNetworksBeforeConnecting() {
        for (String host : List.of("169.254.169.254", "::ffff:169.254.169.254", "fe80::1", "10.1.2.3", "0.0.0.0")) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> probe.tcpProbe(TcpProbeRequest.newBuilder().setHost(host).setPort(80).build()), host);
            assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode(), host);
            assertTrue(e.getStatus().getDescription().contains("target policy denies"), e.getStatus().getDescription());
        }
        StatusRuntimeException scan = assertThrows(StatusRuntimeException.class, () -> probe.scan(ScanRequest.newBuilder()
                .setHost("169.254.169.254").setPorts("80").build()).hasNext());
        assertEquals(Status.Code.PERMISSION_DENIED, scan.getStatus().getCode());
    }

    @Test
    void badInputIsInvalidArgumentNamingTheField() {
        assertInvalid("port", () -> probe.tcpProbe(TcpProbeRequest.newBuilder().setHost("127.0.0.1").build()));
        assertInvalid("host", () -> probe.tcpProbe(TcpProbeRequest.newBuilder().setPort(80).build()));
        assertInvalid("timeoutMs", () -> probe.tcpProbe(TcpProbeRequest.newBuilder().setHost("127.0.0.1").setPort(80)
                .setTimeoutMs(60_001).build()));
        assertInvalid("expect", () -> probe.tcpProbe(TcpProbeRequest.newBuilder().setHost("127.0.0.1").setPort(80)
                .setExpect("(unclosed").build()));
        assertInvalid("send", () -> probe.tcpProbe(TcpProbeRequest.newBuilder().setHost("127.0.0.1").setPort(80)
                .setSend(ByteString.copyFrom(new byte[5000])).build()));
        assertInvalid("port", () -> probe.udpProbe(UdpProbeRequest.newBuilder().setHost("127.0.0.1").setPort(70000).build()));
        assertInvalid("ports", () -> probe.scan(ScanRequest.newBuilder().setHost("127.0.0.1").setPorts("1-70000")
                .build()).hasNext());
        assertInvalid("ports", () -> probe.scan(ScanRequest.newBuilder().setHost("127.0.0.1").setPorts("20-10")
                .build()).hasNext());
        assertInvalid("concurrency", () -> probe.scan(ScanRequest.newBuilder().setHost("127.0.0.1").setPorts("1")
                .setConcurrency(100_000).build()).hasNext());
        assertInvalid("count", () -> probe.watch(WatchRequest.newBuilder().setHost("127.0.0.1").setPort(1)
                .setCount(1001).build()).hasNext());
        assertInvalid("intervalMs", () -> probe.watch(WatchRequest.newBuilder().setHost("127.0.0.1").setPort(1)
                .setIntervalMs(5).build()).hasNext());
        assertInvalid("protocol", () -> probe.watch(WatchRequest.newBuilder().setHost("127.0.0.1").setPort(1)
                .setProtocolValue(7).build()).hasNext());
    }

    private static void assertInvalid(String field, Runnable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run, field);
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), field);
        assertTrue(e.getStatus().getDescription().startsWith(field + ": "), e.getStatus().getDescription());
        assertFalse(e.getStatus().getDescription().contains("Exception"), e.getStatus().getDescription());
    }
}
