package dev.l4lab.probe;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.l4lab.probe.blackbox.BlackboxResource;
import dev.l4lab.probe.rest.ProbeResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Every REST endpoint is in /q/openapi, and Swagger UI is served in every build. */
@QuarkusTest
class OpenApiTest {

    private static final List<Class<?>> RESOURCES = List.of(ProbeResource.class, BlackboxResource.class);

    @Test
    void everyEndpointIsInTheDocument() throws Exception {
        JsonNode paths = new ObjectMapper().readTree(given().get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString()).get("paths");
        List<String> endpoints = new ArrayList<>();
        for (Class<?> resource : RESOURCES) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method m : resource.getDeclaredMethods()) {
                String verb = verb(m);
                if (verb == null) {
                    continue;
                }
                Path sub = m.getAnnotation(Path.class);
                endpoints.add(verb + " " + (base + (sub == null ? "" : sub.value())).replace("//", "/"));
            }
        }
        assertTrue(endpoints.size() >= 9, "found the resources' endpoints: " + endpoints);
        for (String e : endpoints) {
            String path = e.substring(e.indexOf(' ') + 1);
            String verb = e.substring(0, e.indexOf(' ')).toLowerCase(Locale.ROOT);
            assertTrue(paths.has(path) && paths.get(path).has(verb), e + " is missing from /q/openapi: " + paths.fieldNames());
        }
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    private static String verb(Method m) {
        if (m.isAnnotationPresent(GET.class)) {
            return "GET";
        }
        if (m.isAnnotationPresent(POST.class)) {
            return "POST";
        }
        if (m.isAnnotationPresent(PUT.class)) {
            return "PUT";
        }
        return m.isAnnotationPresent(DELETE.class) ? "DELETE" : null;
    }
}
