package dev.l4lab.lb.support;

import static io.restassured.RestAssured.given;

import java.time.Duration;

/**
 * lb-demo as a client sees it, through the admin API only, so that a test runs the same against the app in the
 * test JVM and against the packaged jar.
 */
public final class Lb {

    private Lb() {
    }

    /** The bound port of a frontend (they listen on ephemeral ports in tests). */
    public static int port(String frontend) {
        Integer port = given().get("/frontends").then().statusCode(200).extract()
                .path("find { it.name == '" + frontend + "' }.port");
        if (port == null) {
            throw new AssertionError("no frontend " + frontend);
        }
        return port;
    }

    /** A frontend's drop counter for one reason (lb_frontend_dropped{reason}). */
    public static long dropped(String frontend, String reason) {
        Number n = given().get("/frontends").then().statusCode(200).extract()
                .path("find { it.name == '" + frontend + "' }.dropped." + reason);
        return n.longValue();
    }

    /** Open connections (TCP, L7) or sessions (UDP) of a frontend. */
    public static long active(String frontend) {
        Number n = given().get("/frontends").then().statusCode(200).extract()
                .path("find { it.name == '" + frontend + "' }.activeConnections");
        return n.longValue();
    }

    public static void awaitIdle(String frontend) throws InterruptedException {
        Clients.await(frontend + " has no open connections or sessions", Duration.ofSeconds(15),
                () -> active(frontend) == 0);
    }

    public static void addBackend(String pool, String address) {
        given().contentType("application/json").body("{\"address\":\"" + address + "\"}")
                .post("/pools/" + pool + "/backends").then().statusCode(201);
    }

    public static void removeBackend(String pool, String address) {
        given().delete("/pools/" + pool + "/backends/" + address).then().statusCode(204);
    }
}
