package dev.l4lab.gateway.netns;

import static dev.l4lab.gateway.support.Api.api;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.l4lab.gateway.support.NetnsProfile;
import dev.l4lab.gateway.support.NetnsTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input gets 400 with {"error","field"} naming the field, and leaves the rule set in force untouched. */
@QuarkusTest
@TestProfile(NetnsProfile.class)
class RestValidationTest extends NetnsTestBase {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"protocol\":\"tcp\",\"port\":\"70000\",\"action\":\"allow\"}            | rules[0].port        | 1-65535",
        "{\"protocol\":\"tcp\",\"port\":70000,\"action\":\"allow\"}                | rules[0].port        | 1-65535",
        "{\"protocol\":\"tcpp\",\"port\":\"80\",\"action\":\"allow\"}              | rules[0].protocol    | tcp, udp, icmp",
        "{\"protocol\":\"tcp\",\"source\":\"10.0.0.0/33\",\"action\":\"allow\"}    | rules[0].source      | 0-32",
        "{\"protocol\":\"tcp\",\"port\":\"80\",\"action\":\"permit\"}              | rules[0].action      | allow, drop, reject",
        "{\"protocol\":\"tcp\",\"port\":\"2000-1000\",\"action\":\"allow\"}        | rules[0].port        | low to high",
        "{\"protocol\":\"tcp\",\"port\":\"80;drop\",\"action\":\"allow\"}          | rules[0].port        | range like",
        "{\"protocol\":\"icmp\",\"port\":\"8\",\"action\":\"allow\"}               | rules[0].port        | icmp has no ports",
        "{\"protocol\":\"udp\",\"source\":\"example.com\",\"action\":\"drop\"}     | rules[0].source      | IPv4",
        "{\"protocol\":\"tcp\",\"action\":\"allow\",\"description\":\"a\\\"b\"}    | rules[0].description | 64 characters",
        "{\"protocol\":\"tcp\",\"action\":\"allow\",\"colour\":\"red\"}            | rules[0].colour      | unknown field",
    })
    void aBadRuleNamesItsField(String rule, String field, String words) {
        String before = api().get("/firewall").then().extract().asString();
        api().body("{\"defaultAction\":\"drop\",\"rules\":[" + rule + "]}").put("/firewall").then().statusCode(400)
                .body("field", equalTo(field)).body("error", containsString(words));
        assertEquals(rulesOnly(before), rulesOnly(api().get("/firewall").then().extract().asString()),
                "the rule set in force did not change");
    }

    @Test
    void otherBadBodies() {
        api().body("{\"defaultAction\":\"maybe\",\"rules\":[]}").put("/firewall").then().statusCode(400)
                .body("field", equalTo("defaultAction"));
        api().body("{\"defaultAction\":\"drop\",\"rules\":[").put("/firewall").then().statusCode(400)
                .body("field", equalTo("body")).body("error", containsString("JSON"));
        api().body("{\"protocol\":\"tcp\",\"port\":\"0\",\"action\":\"allow\"}").post("/firewall/rules").then().statusCode(400)
                .body("field", equalTo("port"));
        api().body("{\"protocol\":\"tcp\",\"port\":\"80\",\"action\":\"allow\"}").queryParam("position", 99)
                .post("/firewall/rules").then().statusCode(400).body("field", equalTo("position"));
        api().delete("/firewall/rules/987654").then().statusCode(404).body("field", equalTo("id"));
        StringBuilder many = new StringBuilder("{\"defaultAction\":\"drop\",\"rules\":[");
        for (int i = 0; i < 201; i++) {
            many.append(i == 0 ? "" : ",").append("{\"protocol\":\"tcp\",\"port\":\"").append(1000 + i).append("\",\"action\":\"allow\"}");
        }
        api().body(many.append("]}").toString()).put("/firewall").then().statusCode(400).body("field", equalTo("rules"))
                .body("error", containsString("max-rules"));
    }

    private static String rulesOnly(String firewallJson) {
        return firewallJson.replaceAll("\"packets\":\\d+", "").replaceAll("\"bytes\":\\d+", "").replaceAll("\"defaultPackets\":\\d+", "")
                .replaceAll("\"defaultBytes\":\\d+", "");
    }
}
