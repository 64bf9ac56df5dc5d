package dev.l4lab.lb.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.support.HeadlessChromium;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.net.URL;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * With lb.auth.token set, every admin API call needs the bearer token (401 with WWW-Authenticate otherwise);
 * health, metrics, OpenAPI and the dashboard page stay open. The same profile allows link-local backends, to show
 * that the key does.
 */
@QuarkusTest
@TestProfile(AdminTokenTest.TokenProfile.class)
class AdminTokenTest {

    @TestHTTPResource("/")
    URL page;

    static final String TOKEN = "test-token-0123456789";

    public static class TokenProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("lb.auth.token", TOKEN, "lb.backend-policy.allow-link-local", "true");
        }
    }

    @Test
    void everyAdminCallNeedsTheToken() {
        given().get("/pools").then().statusCode(401).header("WWW-Authenticate", "Bearer")
                .body("error", is("missing bearer token (Authorization: Bearer <token>)")).body("field", nullValue());
        given().header("Authorization", "Bearer wrong").get("/frontends").then().statusCode(401)
                .body("error", is("invalid bearer token"));
        given().header("Authorization", "Basic " + TOKEN).get("/connections").then().statusCode(401);
        given().contentType(ContentType.JSON).body("{\"state\":\"MAINT\"}")
                .put("/pools/echo/backends/127.0.0.1:1/state").then().statusCode(401);
        given().post("/experiments/l4-vs-l7").then().statusCode(401);
        given().header("Authorization", "Bearer " + TOKEN).get("/pools").then().statusCode(200);
        given().header("Authorization", "bearer " + TOKEN).get("/frontends").then().statusCode(200);
    }

    @Test
    void healthMetricsOpenApiAndThePageStayOpen() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
        given().get("/").then().statusCode(200);
    }

    @Test
    void theDashboardAsksForTheToken() throws Exception {
        String dom = HeadlessChromium.dumpDom(page.toString(), 3000);
        assertTrue(Pattern.compile("<form [^>]*id=\"auth\"[^>]*>").matcher(dom).find(), "the token form is there");
        assertFalse(Pattern.compile("<form [^>]*id=\"auth\"[^>]*hidden").matcher(dom).find(), "and shown");
        assertTrue(dom.contains("admin API needs a token (lb.auth.token)"), "the banner says why nothing is shown");
    }

    @Test
    void theKeyAllowsLinkLocalBackends() {
        given().header("Authorization", "Bearer " + TOKEN).contentType(ContentType.JSON)
                .body("{\"address\":\"169.254.169.254:80\",\"weight\":0}").post("/pools/web/backends").then()
                .statusCode(201);
        given().header("Authorization", "Bearer " + TOKEN).delete("/pools/web/backends/169.254.169.254:80").then()
                .statusCode(204);
    }
}
