package dev.l4lab.probe;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.probe.support.GrpcClients;
import dev.l4lab.probe.support.Listeners;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass;
import io.grpc.ManagedChannel;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The REST mirror (same JSON names as proto JSON), errors, health, reflection and metrics. */
@QuarkusTest
class RestMirrorTest {

    @TestHTTPResource("/")
    URL url;

    @Test
    void tcpProbeOverRestUsesProtoJsonNames() throws Exception {
        try (Listeners l = new Listeners()) {
            int port = l.tcpBanner("hello\n");
            given().contentType(ContentType.JSON)
                    .body("{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"timeoutMs\":5000,\"expect\":\"hel+o\"}")
                    .post("/api/v1/tcp-probe").then().statusCode(200)
                    .body("state", is("OPEN"))
                    .body("resolvedAddress", is("127.0.0.1"))
                    .body("localPort", greaterThan(0))
                    .body("connectMs", greaterThan(0f))
                    .body("bannerText", is("hello\n"))
                    .body("expectMatched", is(true))
                    .body("error", is(""));
            given().contentType(ContentType.JSON)
                    .body("{\"host\":\"127.0.0.1\",\"port\":" + Listeners.closedPort() + ",\"timeoutMs\":5000}")
                    .post("/api/v1/tcp-probe").then().statusCode(200).body("state", is("CLOSED"));
        }
    }

    @Test
    void udpProbeOverRest() throws Exception {
        try (Listeners l = new Listeners()) {
            int echo = l.udpEcho();
            given().contentType(ContentType.JSON)
                    .body("{\"host\":\"127.0.0.1\",\"port\":" + echo + ",\"payload\":\"aGk=\",\"timeoutMs\":5000}") // "hi"
                    .post("/api/v1/udp-probe").then().statusCode(200)
                    .body("state", is("OPEN")).body("reply", is("aGk=")).body("replyText", is("hi"));
        }
    }

    @Test
    void scanStreamsNdjsonLines() throws Exception {
        try (Listeners l = new Listeners()) {
            int open = l.tcpBanner("");
            int closed = Listeners.closedPort();
            String body = given().contentType(ContentType.JSON)
                    .body("{\"host\":\"127.0.0.1\",\"ports\":\"" + open + "," + closed + "\",\"timeoutMs\":5000}")
                    .post("/api/v1/scan").then().statusCode(200)
                    .contentType(startsWith("application/x-ndjson")).extract().asString();
            List<String> lines = body.lines().filter(s -> !s.isBlank()).toList();
            assertEquals(3, lines.size(), body);
            assertTrue(lines.stream().anyMatch(s -> s.contains("\"port\":" + open) && s.contains("\"OPEN\"")), body);
            assertTrue(lines.get(2).startsWith("{\"summary\":"), body);
            assertTrue(lines.get(2).contains("\"openPorts\":[" + open + "]"), body);
        }
    }

    @Test
    void socketsAndLimitsOverRest() throws Exception {
        try (Listeners l = new Listeners()) {
            int port = l.idleListener(3).getLocalPort();
            given().get("/api/v1/sockets?protocol=tcp&state=LISTEN&port=" + port).then().statusCode(200)
                    .body("count", is(1)).body("sockets[0].state", is("LISTEN"))
                    .body("sockets[0].localPort", is(port)).body("sockets[0].protocol", is("TCP"));
        }
        given().get("/api/v1/socket-summary").then().statusCode(200).body("tcpStates.LISTEN", greaterThan(0));
        given().get("/api/v1/host-limits").then().statusCode(200)
                .body("ephemeralPortsTotal", greaterThan(0)).body("somaxconn", greaterThan(0));
    }

    @Test
    void badInputIs400NamingTheField() {
        assertBad("{\"host\":\"127.0.0.1\",\"port\":0}", "/api/v1/tcp-probe", "port");
        assertBad("{\"host\":\"127.0.0.1\",\"port\":80,\"timeoutMs\":999999}", "/api/v1/tcp-probe", "timeoutMs");
        assertBad("{\"host\":\"127.0.0.1\",\"port\":\"eighty\"}", "/api/v1/tcp-probe", "port");
        assertBad("{\"host\":\"127.0.0.1\",\"port\":80,\"bogus\":1}", "/api/v1/tcp-probe", "bogus");
        assertBad("{\"host\":\"127.0.0.1\",\"port\":-1}", "/api/v1/udp-probe", "port");
        assertBad("{not json", "/api/v1/tcp-probe", "body");
        assertBad("{\"host\":\"127.0.0.1\",\"ports\":\"1-2,x\"}", "/api/v1/scan", "ports");
        assertBad("{\"host\":\"127.0.0.1\",\"port\":80,\"count\":20001}", "/api/v1/churn", "count");
        assertBad("{\"host\":\"127.0.0.1\",\"port\":80,\"count\":5,\"ratePerSecond\":999999}", "/api/v1/churn",
                "ratePerSecond");
        given().get("/api/v1/sockets?protocol=sctp").then().statusCode(400).body("field", is("protocol"));
        given().get("/api/v1/sockets?state=NAPPING").then().statusCode(400).body("field", is("state"));
        given().get("/api/v1/sockets?port=70000").then().statusCode(400).body("field", is("port"));
    }

    private static void assertBad(String json, String path, String field) {
        given().contentType(ContentType.JSON).body(json).post(path).then().statusCode(400)
                .contentType(ContentType.JSON).body("field", is(field)).body("error", containsString(field));
    }

    @Test
    void policyDenialIs403AndNeverConnects() {
        given().contentType(ContentType.JSON).body("{\"host\":\"169.254.169.254\",\"port\":80}")
                .post("/api/v1/tcp-probe").then().statusCode(403)
                .body("error", containsString("link-local 169.254.0.0/16 is always denied"));
        given().contentType(ContentType.JSON).body("{\"host\":\"169.254.169.254\",\"port\":80,\"count\":1}")
                .post("/api/v1/churn").then().statusCode(403);
    }

    @Test
    void healthReflectionAndMetrics() throws Exception {
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        ManagedChannel channel = GrpcClients.channel(url);
        try {
            HealthOuterClass.HealthCheckResponse health = HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthOuterClass.HealthCheckRequest.newBuilder().build());
            assertEquals(HealthOuterClass.HealthCheckResponse.ServingStatus.SERVING, health.getStatus());

            CompletableFuture<ServerReflectionResponse> reply = new CompletableFuture<>();
            StreamObserver<ServerReflectionRequest> req = ServerReflectionGrpc.newStub(channel).serverReflectionInfo(
                    new StreamObserver<>() {
                        public void onNext(ServerReflectionResponse r) {
                            reply.complete(r);
                        }

                        public void onError(Throwable t) {
                            reply.completeExceptionally(t);
                        }

                        public void onCompleted() {
                        }
                    });
            req.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
            Set<String> services = reply.get(5, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
                    .map(s -> s.getName()).collect(Collectors.toSet());
            req.onCompleted();
            assertTrue(services.contains("l4lab.probe.v1.ProbeService"), services.toString());
            assertTrue(services.contains("grpc.health.v1.Health"), services.toString());
        } finally {
            GrpcClients.close(channel);
        }
        given().get("/api/v1/host-limits").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("probe_rpc_calls_total{outcome=\"OK\",rpc=\"HostLimits\"}"), "rpc metric missing");
        given().contentType(ContentType.JSON).body("{\"host\":\"127.0.0.1\",\"port\":1,\"timeoutMs\":5000}")
                .post("/api/v1/tcp-probe");
        given().get("/q/metrics").then().body(containsString("probe_results_total{rpc=\"TcpProbe\",state=\"CLOSED\"}"));
    }

    @Test
    void unusedMatchersKeepImportsHonest() {
        given().get("/api/v1/host-limits").then().body("warnings", org.hamcrest.Matchers.notNullValue())
                .body("unavailable", equalTo(List.of())).body("reservedPorts", org.hamcrest.Matchers.any(String.class));
        given().get("/api/v1/sockets?protocol=udp").then().statusCode(200)
                .body("sockets.protocol", org.hamcrest.Matchers.everyItem(is("UDP")));
        given().get("/api/v1/sockets").then().statusCode(200).body("sockets.protocol", hasItem("TCP"));
    }
}
