package dev.l4lab.lb.http;

import static io.restassured.RestAssured.given;

import dev.l4lab.lb.LbRuntime;
import dev.l4lab.lb.support.RecordingHttpBackend;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test of the L7 frontend "l7-recorded" (test profile) over pool "recorded": each test attaches a fresh
 * {@link RecordingHttpBackend} through the admin API and detaches it after, so what the backend saw belongs to that
 * test alone.
 */
abstract class RecordedBackendTest {

    static final String FRONTEND = "l7-recorded";
    private static final String POOL = "recorded";

    @Inject
    LbRuntime runtime;

    RecordingHttpBackend backend;

    @BeforeEach
    void attachBackend() throws Exception {
        backend = new RecordingHttpBackend();
        given().contentType("application/json").body("{\"address\":\"" + backend.address() + "\"}")
                .post("/pools/" + POOL + "/backends").then().statusCode(201);
    }

    @AfterEach
    void detachBackend() throws Exception {
        try {
            given().delete("/pools/" + POOL + "/backends/" + backend.address()).then().statusCode(204);
        } finally {
            backend.close();
        }
    }

    int port() {
        return runtime.port(FRONTEND);
    }
}
