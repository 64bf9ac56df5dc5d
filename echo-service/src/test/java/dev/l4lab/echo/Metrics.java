package dev.l4lab.echo;

import static io.restassured.RestAssured.given;

/** Reads one series from /q/metrics (Prometheus text), e.g. {@code echo_proxy_rejects_total{listener="echo",reason="timeout"}}. */
public final class Metrics {

    private Metrics() {
    }

    /** The value of the series in the running service (RestAssured's default base), 0 when absent. */
    public static double value(String series) {
        return value(given().get("/q/metrics").then().statusCode(200).extract().asString(), series);
    }

    /** The value of the series in a scrape, 0 when absent. Labels are in Micrometer's (alphabetical) order. */
    public static double value(String scrape, String series) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
            }
        }
        return 0;
    }
}
