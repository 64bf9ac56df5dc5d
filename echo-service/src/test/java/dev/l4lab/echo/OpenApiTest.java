package dev.l4lab.echo;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every JAX-RS endpoint of the service is described in /q/openapi, and Swagger UI is served. */
@QuarkusTest
class OpenApiTest {

    private static final List<Class<? extends Annotation>> VERBS = List.of(GET.class, PUT.class, POST.class, DELETE.class);

    @Test
    void everyRestEndpointIsInTheOpenApiDocument() {
        Map<String, Map<String, Object>> paths = given().accept("application/json").get("/q/openapi").then()
            .statusCode(200).extract().jsonPath().getMap("paths");
        List<String> endpoints = endpoints();
        assertTrue(endpoints.size() >= 5, "found the resources: " + endpoints);
        for (String endpoint : endpoints) {
            String[] verbAndPath = endpoint.split(" ", 2);
            Map<String, Object> operations = paths.get(verbAndPath[1]);
            assertTrue(operations != null && operations.containsKey(verbAndPath[0]),
                endpoint + " is missing from /q/openapi: " + paths.keySet());
        }
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    /** "get /faults", "put /faults", ... from the classes themselves, so a new resource cannot be forgotten. */
    private static List<String> endpoints() {
        List<String> out = new ArrayList<>();
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.l4lab.echo")) {
            if (!c.isAnnotatedWith(Path.class)) {
                continue;
            }
            String base = c.getAnnotationOfType(Path.class).value();
            for (JavaMethod m : c.getMethods()) {
                for (Class<? extends Annotation> verb : VERBS) {
                    if (m.isAnnotatedWith(verb)) {
                        String sub = m.isAnnotatedWith(Path.class) ? "/" + m.getAnnotationOfType(Path.class).value() : "";
                        out.add(verb.getSimpleName().toLowerCase() + " " + (base + sub).replaceAll("/+", "/"));
                    }
                }
            }
        }
        assertEquals(out.size(), out.stream().distinct().count());
        return out;
    }
}
