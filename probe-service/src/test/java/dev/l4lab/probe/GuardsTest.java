package dev.l4lab.probe;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.probe.support.GrpcClients;
import dev.l4lab.probe.support.Listeners;
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
import java.net.URL;
import java.util.Iterator;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Bearer token, per-client rate limit and global concurrency cap, over gRPC and REST. */
@QuarkusTest
@TestProfile(GuardedProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuardsTest {

    @TestHTTPResource("/")
    URL url;

    @Test
    @Order(1)
    void bearerTokenIsRequiredOnGrpcAndRestButNotForHealth() throws Exception {
        ManagedChannel channel = GrpcClients.channel(url);
        try {
            StatusRuntimeException none = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
                    () -> GrpcClients.stub(channel).hostLimits(HostLimitsRequest.getDefaultInstance()));
            assertEquals(Status.Code.UNAUTHENTICATED, none.getStatus().getCode());
            StatusRuntimeException wrong = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
                    () -> GrpcClients.stub(channel, "nope").hostLimits(HostLimitsRequest.getDefaultInstance()));
            assertEquals(Status.Code.UNAUTHENTICATED, wrong.getStatus().getCode());
            assertTrue(GrpcClients.stub(channel, GuardedProfile.TOKEN).hostLimits(HostLimitsRequest.getDefaultInstance())
                    .getEphemeralPortsTotal() > 0);
            assertEquals(HealthOuterClass.HealthCheckResponse.ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel)
                    .check(HealthOuterClass.HealthCheckRequest.getDefaultInstance()).getStatus());
        } finally {
            GrpcClients.close(channel);
        }
        given().get("/api/v1/host-limits").then().statusCode(401).header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer wrong").get("/api/v1/host-limits").then().statusCode(401);
        given().header("Authorization", "Bearer " + GuardedProfile.TOKEN).get("/api/v1/host-limits").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    @Order(2)
    void concurrencyCapGivesResourceExhausted() throws Exception {
        ManagedChannel channel = GrpcClients.channel(url);
        try (Listeners l = new Listeners()) {
            int port = l.tcpBanner("");
            ProbeServiceGrpc.ProbeServiceBlockingStub stub = GrpcClients.stub(channel, GuardedProfile.TOKEN);
            // ~2 s per watch: the slots stay held while the checks below run, even on a busy machine
            WatchRequest slow = WatchRequest.newBuilder().setHost("127.0.0.1").setPort(port).setCount(20)
                    .setIntervalMs(100).setTimeoutMs(5000).build();
            Iterator<WatchEvent> a = stub.watch(slow);
            Iterator<WatchEvent> b = stub.watch(slow);
            assertTrue(a.hasNext() && b.hasNext(), "two watches hold both slots");
            StatusRuntimeException full = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
                    () -> stub.hostLimits(HostLimitsRequest.getDefaultInstance()));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, full.getStatus().getCode());
            assertTrue(full.getStatus().getDescription().contains("probe.limits.max-concurrent=2"));
            given().header("Authorization", "Bearer " + GuardedProfile.TOKEN).get("/api/v1/host-limits")
                    .then().statusCode(429).body("error", org.hamcrest.Matchers.containsString("max-concurrent"));
            a.forEachRemaining(e -> { });
            b.forEachRemaining(e -> { });
            // slots come back when the streams end
            assertTrue(stub.hostLimits(HostLimitsRequest.getDefaultInstance()).getEphemeralPortsTotal() > 0);
        } finally {
            GrpcClients.close(channel);
        }
    }

    @Test
    @Order(3)
    void perClientRateLimitGivesResourceExhaustedAnd429() {
        int ok = 0;
        io.restassured.response.Response firstLimited = null;
        for (int i = 0; i < 80 && firstLimited == null; i++) {
            io.restassured.response.Response r = given().header("Authorization", "Bearer " + GuardedProfile.TOKEN)
                    .get("/api/v1/socket-summary");
            if (r.statusCode() == 200) {
                ok++;
            } else {
                assertEquals(429, r.statusCode());
                firstLimited = r;
            }
        }
        assertTrue(ok >= 5, "what is left of the burst passes: " + ok);
        assertTrue(firstLimited != null, "then the limit bites");
        firstLimited.then().body("error", org.hamcrest.Matchers.containsString("rate limit")).header("Retry-After", is("1"));
        ManagedChannel channel = GrpcClients.channel(url);
        try {
            ProbeServiceGrpc.ProbeServiceBlockingStub stub = GrpcClients.stub(channel, GuardedProfile.TOKEN);
            Status.Code seen = null;
            for (int i = 0; i < 80 && seen == null; i++) {
                try {
                    stub.hostLimits(HostLimitsRequest.getDefaultInstance());
                } catch (StatusRuntimeException e) {
                    seen = e.getStatus().getCode();
                }
            }
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, seen);
        } finally {
            try {
                GrpcClients.close(channel);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
