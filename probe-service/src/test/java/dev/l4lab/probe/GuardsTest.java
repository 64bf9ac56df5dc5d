package dev.l4lab.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.probe.support.GrpcClients;
import dev.l4lab.probe.support.Listeners;
import dev.l4lab.probe.support.RawHttp;
import dev.l4lab.probe.v1.HostLimitsRequest;
import dev.l4lab.probe.v1.ProbeServiceGrpc;
import dev.l4lab.probe.v1.WatchEvent;
import dev.l4lab.probe.v1.WatchRequest;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.InetAddress;
import java.net.URL;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bearer token, per-client rate limit and the concurrency caps (global and per client), over gRPC and
 * REST. Each test is its own client (a fresh 127/8 source address), so the order the tests run in and what
 * an earlier test left in a bucket do not matter.
 */
@QuarkusTest
@TestProfile(GuardedProfile.class)
class GuardsTest {

    private static final String AUTH = "Authorization: Bearer " + GuardedProfile.TOKEN;

    @TestHTTPResource("/")
    URL url;

    @Test
    void bearerTokenIsRequiredOnGrpcRestAndProbeButNotForHealth() throws Exception {
        InetAddress me = Listeners.privateLoopback();
        ManagedChannel channel = GrpcClients.channelFrom(me, url.getPort());
        try {
            StatusRuntimeException none = assertThrows(StatusRuntimeException.class,
                    () -> GrpcClients.stub(channel).hostLimits(HostLimitsRequest.getDefaultInstance()));
            assertEquals(Status.Code.UNAUTHENTICATED, none.getStatus().getCode());
            StatusRuntimeException wrong = assertThrows(StatusRuntimeException.class,
                    () -> GrpcClients.stub(channel, "nope-nope").hostLimits(HostLimitsRequest.getDefaultInstance()));
            assertEquals(Status.Code.UNAUTHENTICATED, wrong.getStatus().getCode());
            assertTrue(GrpcClients.stub(channel, GuardedProfile.TOKEN).hostLimits(HostLimitsRequest.getDefaultInstance())
                    .getEphemeralPortsTotal() > 0);
            assertEquals(HealthOuterClass.HealthCheckResponse.ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel)
                    .check(HealthOuterClass.HealthCheckRequest.getDefaultInstance()).getStatus());
        } finally {
            GrpcClients.close(channel);
        }
        int port = url.getPort();
        RawHttp.Response missing = RawHttp.request(me, port, "GET", "/api/v1/host-limits", null);
        assertEquals(401, missing.status());
        assertEquals("Bearer", missing.header("WWW-Authenticate"));
        assertEquals(401, RawHttp.request(me, port, "GET", "/api/v1/host-limits", null, "Authorization: Bearer wrong").status());
        assertEquals(200, RawHttp.request(me, port, "GET", "/api/v1/host-limits", null, AUTH).status());
        assertEquals(401, RawHttp.request(me, port, "GET", "/probe?target=127.0.0.1:1&module=tcp_connect", null).status());
        assertEquals(200, RawHttp.request(me, port, "GET", "/probe?target=127.0.0.1:1&module=tcp_connect", null, AUTH).status());
        assertEquals(200, RawHttp.request(me, port, "GET", "/q/health/ready", null).status());
    }

    @Test
    void noSpellingOfAPathReachesAGuardedResourceWithoutTheToken() throws Exception {
        InetAddress me = Listeners.privateLoopback();
        String probe = "?target=127.0.0.1:1&module=tcp_connect";
        for (String path : List.of("/probe/" + probe, "//probe" + probe, "/%70robe" + probe, "/probe;x=1" + probe,
                "/api/v1/host-limits/", "//api/v1/host-limits", "/%61pi/v1/host-limits", "/api/v1/./host-limits",
                "/x/../api/v1/host-limits", "/api;x/v1/host-limits")) {
            RawHttp.Response r = RawHttp.request(me, url.getPort(), "GET", path, null);
            assertTrue(r.status() == 401 || r.status() == 404, path + " -> " + r.status() + " " + r.body());
            if (RawHttp.request(me, url.getPort(), "GET", path, null, AUTH).status() == 200) {
                assertEquals(401, r.status(), path + " is served with the token, so without it it must be 401");
            }
        }
    }

    @Test
    void oneClientCannotTakeEverySlotAndTheGlobalCapHoldsForAll() throws Exception {
        List<ManagedChannel> channels = new ArrayList<>();
        try (Listeners l = new Listeners()) {
            int target = l.tcpBanner("");
            // ~2 s per watch: the slots stay held while the checks below run, even on a busy machine
            WatchRequest slow = WatchRequest.newBuilder().setHost("127.0.0.1").setPort(target).setCount(20)
                    .setIntervalMs(100).setTimeoutMs(5000).build();
            ProbeServiceGrpc.ProbeServiceBlockingStub a = stub(channels, Listeners.privateLoopback());
            Iterator<WatchEvent> a1 = a.watch(slow);
            Iterator<WatchEvent> a2 = a.watch(slow);
            assertTrue(a1.hasNext() && a2.hasNext(), "client A holds its 2 slots");
            StatusRuntimeException perClient = assertThrows(StatusRuntimeException.class,
                    () -> a.hostLimits(HostLimitsRequest.getDefaultInstance()));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, perClient.getStatus().getCode());
            assertTrue(perClient.getStatus().getDescription().contains("probe.limits.max-concurrent-per-client=2"),
                    perClient.getStatus().getDescription());

            ProbeServiceGrpc.ProbeServiceBlockingStub b = stub(channels, Listeners.privateLoopback());
            Iterator<WatchEvent> b1 = b.watch(slow);
            assertTrue(b1.hasNext(), "client B still gets the third slot");
            InetAddress c = Listeners.privateLoopback();
            StatusRuntimeException global = assertThrows(StatusRuntimeException.class,
                    () -> stub(channels, c).hostLimits(HostLimitsRequest.getDefaultInstance()));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, global.getStatus().getCode());
            assertTrue(global.getStatus().getDescription().contains("probe.limits.max-concurrent=3"),
                    global.getStatus().getDescription());
            RawHttp.Response rest = RawHttp.request(c, url.getPort(), "GET", "/api/v1/host-limits", null, AUTH);
            assertEquals(429, rest.status());
            assertTrue(rest.body().contains("max-concurrent"), rest.body());
            assertEquals("1", rest.header("Retry-After"));

            a1.forEachRemaining(e -> { });
            a2.forEachRemaining(e -> { });
            b1.forEachRemaining(e -> { });
            // the slots come back when the streams end
            assertTrue(a.hostLimits(HostLimitsRequest.getDefaultInstance()).getEphemeralPortsTotal() > 0);
        } finally {
            for (ManagedChannel ch : channels) {
                GrpcClients.close(ch);
            }
        }
    }

    @Test
    void perClientRateLimitGivesResourceExhaustedAnd429() throws Exception {
        InetAddress me = Listeners.privateLoopback();
        int ok = 0;
        RawHttp.Response firstLimited = null;
        for (int i = 0; i < 80 && firstLimited == null; i++) {
            RawHttp.Response r = RawHttp.request(me, url.getPort(), "GET", "/api/v1/socket-summary", null, AUTH);
            if (r.status() == 200) {
                ok++;
            } else {
                assertEquals(429, r.status(), r.body());
                firstLimited = r;
            }
        }
        assertTrue(ok >= 15, "most of the burst of 20 passes: " + ok);
        assertTrue(firstLimited != null, "then the limit bites");
        assertTrue(firstLimited.body().contains("rate limit"), firstLimited.body());
        assertEquals("1", firstLimited.header("Retry-After"));
        ManagedChannel channel = GrpcClients.channelFrom(me, url.getPort());
        try {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> GrpcClients.stub(channel,
                    GuardedProfile.TOKEN).hostLimits(HostLimitsRequest.getDefaultInstance()));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), "REST and gRPC share the client's bucket");
        } finally {
            GrpcClients.close(channel);
        }
        // another client is not affected
        assertEquals(200, RawHttp.request(Listeners.privateLoopback(), url.getPort(), "GET", "/api/v1/socket-summary",
                null, AUTH).status());
    }

    private ProbeServiceGrpc.ProbeServiceBlockingStub stub(List<ManagedChannel> channels, InetAddress source) {
        ManagedChannel ch = GrpcClients.channelFrom(source, url.getPort());
        channels.add(ch);
        return GrpcClients.stub(ch, GuardedProfile.TOKEN);
    }
}
