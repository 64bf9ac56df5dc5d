package dev.l4lab.gateway.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;

/** REST helpers: requests with the test token, and a bounded wait for readiness. */
public final class Api {

    private Api() {
    }

    public static RequestSpecification api() {
        return given().header("Authorization", "Bearer " + GatewayNetnsResource.TOKEN).contentType(ContentType.JSON);
    }

    /** Waits (up to 60 s) until /q/health/ready is 200; fails with the last answer otherwise. */
    public static void awaitReady() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            var r = given().get("/q/health/ready");
            if (r.statusCode() == 200) {
                return;
            }
            last = r.asString();
            sleep(250);
        }
        throw new AssertionError("the gateway did not become ready within 60 s: " + last);
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (up to 5 s: metrics follow the kernel every refresh-interval) until a series is above zero. */
    public static boolean metricPositive(String series) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            boolean ok = api().get("/q/metrics").asString().lines().anyMatch(l -> l.startsWith(series) && !l.endsWith(" 0.0"));
            if (ok || System.nanoTime() > deadline) {
                return ok;
            }
            sleep(300);
        }
    }

    /** The test's baseline security group: allow tcp 80, 22, 53 and udp 9001, drop udp 53, allow icmp, default drop. */
    public static String baseline() {
        return """
                {"defaultAction":"drop","rules":[
                  {"protocol":"tcp","port":"80","action":"allow","description":"web"},
                  {"protocol":"tcp","port":"22","action":"allow","description":"ssh"},
                  {"protocol":"tcp","port":"53","action":"allow","description":"dns over tcp"},
                  {"protocol":"udp","port":"53","action":"drop","description":"Block UDP 53"},
                  {"protocol":"udp","port":"9001","action":"allow","description":"udp echo"},
                  {"protocol":"icmp","action":"allow","description":"ping"}]}""";
    }
}
