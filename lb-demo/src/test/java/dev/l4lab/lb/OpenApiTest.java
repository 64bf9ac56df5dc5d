package dev.l4lab.lb;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every REST endpoint of lb-demo is in the OpenAPI document at /q/openapi, and the Swagger UI is served. */
@QuarkusTest
class OpenApiTest {

    private static final Map<Class<? extends Annotation>, String> VERBS = Map.of(GET.class, "get", POST.class, "post",
            PUT.class, "put", DELETE.class, "delete");

    /** "verb /path" of every resource method, read from the classes themselves. */
    private static List<String> endpoints() {
        List<String> out = new ArrayList<>();
        for (JavaClass c : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages("dev.l4lab.lb")) {
            Class<?> type = c.reflect();
            Path base = type.getAnnotation(Path.class);
            if (base == null) {
                continue;
            }
            for (Method m : type.getDeclaredMethods()) {
                Path sub = m.getAnnotation(Path.class);
                VERBS.forEach((annotation, verb) -> {
                    if (m.isAnnotationPresent(annotation)) {
                        String path = ("/" + base.value() + "/" + (sub == null ? "" : sub.value())).replaceAll("/+", "/");
                        out.add(verb + " " + (path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1)
                                : path));
                    }
                });
            }
        }
        return out;
    }

    @Test
    void everyEndpointIsDocumented() {
        List<String> endpoints = endpoints();
        assertTrue(endpoints.size() >= 10, "found the resources: " + endpoints);
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        for (String e : endpoints) {
            String verb = e.substring(0, e.indexOf(' '));
            String path = e.substring(e.indexOf(' ') + 1);
            assertTrue(paths.containsKey(path) && paths.get(path).containsKey(verb), e + " is in /q/openapi: "
                    + paths.keySet());
        }
    }

    @Test
    void theSwaggerUiIsServed() {
        String html = given().get("/q/swagger-ui/").then().statusCode(200).extract().asString();
        assertFalse(html.isBlank());
        assertTrue(html.contains("swagger"), "the Swagger UI page");
    }
}
