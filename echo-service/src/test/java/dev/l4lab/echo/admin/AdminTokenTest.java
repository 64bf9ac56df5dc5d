package dev.l4lab.echo.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With echo.admin.token set, writes need the bearer token (401 with the JSON error otherwise); reads do not. */
@QuarkusTest
@TestProfile(AdminTokenTest.WithToken.class)
class AdminTokenTest {

    public static class WithToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("echo.admin.token", "lab-admin-1");
        }
    }

    @Test
    void writesWithoutTheTokenGet401NamingWhatIsMissing() {
        given().contentType(ContentType.JSON).body("{\"latencyMs\":5}").put("/faults").then().statusCode(401)
            .header("WWW-Authenticate", "Bearer").contentType(ContentType.JSON)
            .body("error", equalTo("missing bearer token (Authorization: Bearer <token>)")).body("field", nullValue());
        given().delete("/faults").then().statusCode(401);
        given().header("Authorization", "Basic bGFiOmxhYg==").delete("/faults").then().statusCode(401);
        given().header("Authorization", "Bearer lab-admin-2").contentType(ContentType.JSON).body("{}")
            .put("/faults").then().statusCode(401).body("error", equalTo("invalid bearer token"));
        given().get("/faults").then().statusCode(200).body("latencyMs", equalTo(0));
    }

    @Test
    void theRightTokenIsAcceptedAndReadsHealthAndMetricsStayOpen() {
        given().header("Authorization", "Bearer lab-admin-1").contentType(ContentType.JSON).body("{\"latencyMs\":5}")
            .put("/faults").then().statusCode(200).body("latencyMs", equalTo(5));
        given().header("Authorization", "bearer lab-admin-1").delete("/faults").then().statusCode(200);
        given().get("/faults").then().statusCode(200);
        given().get("/connections").then().statusCode(200);
        given().get("/whoami").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
    }
}
