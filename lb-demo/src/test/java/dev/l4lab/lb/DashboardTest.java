package dev.l4lab.lb;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The dashboard is three static files on the admin port, self-contained (no CDN), next to the JSON API. */
@QuarkusTest
class DashboardTest {

    @Test
    void rootServesThePageThatLoadsItsScriptAndStyle() {
        given().when().get("/").then()
                .statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("<title>lb-demo dashboard</title>"))
                .body(containsString("<script src=\"dashboard.js\"></script>"))
                .body(containsString("href=\"dashboard.css\""))
                .body(not(containsString("http://")), not(containsString("https://")));
    }

    @Test
    void scriptIsServedAndPollsTheAdminApiWithoutInnerHtml() {
        given().when().get("/dashboard.js").then()
                .statusCode(200)
                .contentType(containsString("javascript"))
                .body(containsString("api('GET', 'frontends')"))
                .body(containsString("api('GET', 'pools')"))
                .body(containsString("api('GET', 'connections')"))
                .body(containsString("experiments/l4-vs-l7"))
                .body(containsString("admin API unreachable"))
                .body(not(containsString("innerHTML")), not(containsString("https://")));
    }

    @Test
    void stylesheetIsServedWithTheStateColours() {
        given().when().get("/dashboard.css").then()
                .statusCode(200)
                .contentType(startsWith("text/css"))
                .body(containsString(".st-UP"), containsString(".st-DOWN"), containsString(".st-DRAINING"),
                        containsString(".st-MAINT"))
                .body(not(containsString("url(")));
    }

    @Test
    void theJsonApiStillAnswersBesideThePage() {
        given().when().get("/pools").then().statusCode(200).contentType(startsWith("application/json"));
    }
}
