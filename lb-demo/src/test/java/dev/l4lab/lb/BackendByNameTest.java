package dev.l4lab.lb;

import static dev.l4lab.lb.support.Clients.await;
import static dev.l4lab.lb.support.Clients.backendState;
import static dev.l4lab.lb.support.Clients.connect;
import static dev.l4lab.lb.support.Clients.readLine;
import static dev.l4lab.lb.support.Clients.setState;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.support.NamedEchoServer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A backend given by name (as docker service names are) is resolved on every connect through Vert.x's
 * asynchronous resolver, which lb-demo turns on itself (quarkus.vertx.use-async-dns): "localhost" comes from
 * /etc/hosts, so no query leaves the machine. Health checks resolve it the same way.
 */
@QuarkusTest
class BackendByNameTest {

    @Inject
    LbRuntime runtime;

    @ConfigProperty(name = "quarkus.vertx.use-async-dns")
    boolean asyncDns;

    @Test
    void lbDemoUsesTheAsynchronousResolverWithoutBeingTold() {
        assertTrue(asyncDns, "a blocking lookup on an event loop stalls every connection on it");
    }

    @Test
    void aBackendGivenByNameIsResolvedAndServes() throws Exception {
        try (NamedEchoServer own = new NamedEchoServer()) {
            String byName = "localhost:" + own.port();
            List<String> others = given().get("/pools/echo").then().extract().path("backends.address");
            given().contentType("application/json").body("{\"address\":\"" + byName + "\"}")
                    .post("/pools/echo/backends").then().statusCode(201);
            others.forEach(b -> setState("echo", b, "MAINT"));
            try {
                await("the named backend passes its health checks", Duration.ofSeconds(15),
                        () -> "UP".equals(backendState("echo", byName)));
                for (int i = 0; i < 3; i++) {
                    try (Socket s = connect(runtime.port("echo"))) {
                        assertEquals(own.name(), readLine(s), "the connection reached the backend named " + byName);
                    }
                }
            } finally {
                others.forEach(b -> setState("echo", b, "UP"));
                given().delete("/pools/echo/backends/" + byName).then().statusCode(204);
            }
        }
    }
}
