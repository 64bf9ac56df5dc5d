package dev.l4lab.echo;

import static io.restassured.RestAssured.given;

import java.util.Map;

/**
 * The ports the running service bound (tests bind port 0), read from readiness data ("tcp-echo": "bound:9000"),
 * so the same tests run in-process and against the packaged jar.
 */
public final class Ports {

    public int tcpEcho() {
        return port("tcp-echo");
    }

    public int discard() {
        return port("tcp-discard");
    }

    public int chargen() {
        return port("tcp-chargen");
    }

    public int udpEcho() {
        return port("udp-echo");
    }

    public int whoamiProxy() {
        return port("whoami-proxy");
    }

    private static int port(String listener) {
        Map<String, Object> data = given().get("/q/health/ready").then().extract().jsonPath()
            .getMap("checks.find { it.name == 'echo-listeners' }.data");
        Object value = data.get(listener);
        if (!(value instanceof String s) || !s.startsWith("bound:")) {
            throw new IllegalStateException(listener + " is not bound: " + data);
        }
        return Integer.parseInt(s.substring("bound:".length()));
    }
}
