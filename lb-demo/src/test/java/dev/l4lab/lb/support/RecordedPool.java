package dev.l4lab.lb.support;

import static io.restassured.RestAssured.given;

import java.io.IOException;

/**
 * Pool "recorded" behind the L7 frontend "l7-recorded" (test profile): each test attaches a fresh
 * {@link RecordingHttpBackend} through the admin API, so what the backend saw belongs to that test alone.
 */
public final class RecordedPool {

    public static final String FRONTEND = "l7-recorded";
    private static final String POOL = "recorded";

    private RecordedPool() {
    }

    public static RecordingHttpBackend attach() throws IOException {
        RecordingHttpBackend b = new RecordingHttpBackend();
        given().contentType("application/json").body("{\"address\":\"" + b.address() + "\"}")
                .post("/pools/" + POOL + "/backends").then().statusCode(201);
        return b;
    }

    public static void detach(RecordingHttpBackend b) throws IOException {
        try {
            given().delete("/pools/" + POOL + "/backends/" + b.address()).then().statusCode(204);
        } finally {
            b.close();
        }
    }
}
