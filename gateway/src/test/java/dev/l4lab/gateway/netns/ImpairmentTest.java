package dev.l4lab.gateway.netns;

import static dev.l4lab.gateway.support.Api.api;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.l4lab.gateway.support.NetnsLab;
import dev.l4lab.gateway.support.NetnsProfile;
import dev.l4lab.gateway.support.NetnsTestBase;
import dev.l4lab.gateway.support.Shell;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The impaired link: 5 % random loss on TCP both ways still delivers a transfer byte-exact, with
 * retransmissions the client's TCP_INFO and ss -ti show, and the loss rules' kernel counters move. Delay needs
 * tc netem: where the kernel lacks it the API says so (501, tc's words), and the loss rules stay in force.
 */
@QuarkusTest
@TestProfile(NetnsProfile.class)
class ImpairmentTest extends NetnsTestBase {



    @AfterEach
    void clear() {
        api().body("{\"loss\":[]}").put("/impairment").then().statusCode(200);
    }

    @Test
    void aTransferThroughFivePercentLossArrivesWholeWithRetransmissions() {
        api().body("{\"loss\":[{\"direction\":\"both\",\"protocol\":\"tcp\",\"percent\":5}]}").put("/impairment")
                .then().statusCode(200).body("loss[0].percent", equalTo(5.0f)).body("loss[0].direction", equalTo("both"));
        JsonNode t = null;
        for (int round = 0; round < 8; round++) {
            t = lab.client(120, "transfer", NetnsLab.GATEWAY_OUTSIDE, "22", "2000000");
            assertTrue(t.get("exact").asBoolean(), "byte-exact through the lossy link: " + t);
            assertEquals(2_000_000, t.get("bytes").asInt());
            if (t.get("totalRetrans").asInt() > 0) {
                break;
            }
        }
        assertTrue(t.get("totalRetrans").asInt() > 0, "the client retransmitted lost segments: " + t);
        assertTrue(t.get("ss").asText().contains("retrans:"), "ss -ti shows them: " + t.get("ss").asText());
        JsonPath imp = api().get("/impairment").then().statusCode(200).extract().jsonPath();
        assertTrue(imp.getLong("loss[0].droppedPackets") > 0, imp.prettify());
        String metrics = api().get("/q/metrics").asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("gateway_loss_dropped_packets_total{direction=\"inbound\",protocol=\"tcp\"}")),
                metrics);
    }

    @Test
    void delayNeedsNetemAndTheAnswerSaysWhetherThisKernelHasIt() {
        api().body("{\"loss\":[{\"direction\":\"inbound\",\"protocol\":\"udp\",\"percent\":50}]}").put("/impairment")
                .then().statusCode(200);
        boolean kernelHasNetem = netemWorksInAScratchNamespace();
        var answer = api().body("{\"loss\":[],\"delayMs\":20,\"jitterMs\":5}").put("/impairment").then();
        JsonPath state = api().get("/impairment").then().extract().jsonPath();
        assertEquals(kernelHasNetem, state.getBoolean("netem.supported"), state.prettify());
        if (kernelHasNetem) {
            answer.statusCode(200).body("delayMs", equalTo(20));
        } else {
            answer.statusCode(501).body("field", equalTo("delayMs")).body("error", containsString("not supported by this kernel"))
                    .body("error", containsString("tc"));
            assertEquals(1, state.getList("loss").size(), "the refused change left the loss rule in force: " + state.prettify());
            assertEquals(0, state.getInt("delayMs"));
        }
    }

    @Test
    void badImpairmentsNameTheField() {
        api().body("{\"loss\":[{\"direction\":\"sideways\",\"protocol\":\"tcp\",\"percent\":5}]}").put("/impairment")
                .then().statusCode(400).body("field", equalTo("loss[0].direction"));
        api().body("{\"loss\":[{\"direction\":\"both\",\"protocol\":\"sctp\",\"percent\":5}]}").put("/impairment")
                .then().statusCode(400).body("field", equalTo("loss[0].protocol"));
        api().body("{\"loss\":[{\"direction\":\"both\",\"protocol\":\"tcp\",\"percent\":0}]}").put("/impairment")
                .then().statusCode(400).body("field", equalTo("loss[0].percent"));
        api().body("{\"loss\":[{\"direction\":\"both\",\"protocol\":\"tcp\",\"percent\":101}]}").put("/impairment")
                .then().statusCode(400).body("field", equalTo("loss[0].percent"));
        api().body("{\"loss\":[{\"direction\":\"both\",\"percent\":1},{\"direction\":\"inbound\",\"percent\":2}]}")
                .put("/impairment").then().statusCode(400).body("field", equalTo("loss[1].direction"));
        api().body("{\"jitterMs\":10}").put("/impairment").then().statusCode(400).body("field", equalTo("jitterMs"));
        api().body("{\"delayMs\":99999}").put("/impairment").then().statusCode(400).body("field", equalTo("delayMs"));
    }

    /** Asks the kernel directly, in a namespace of the test's own, whether a netem qdisc can be made. */
    private static boolean netemWorksInAScratchNamespace() {
        String ns = "gwt" + ProcessHandle.current().pid() + "n";
        Shell.run("ip", "netns", "add", ns);
        try {
            Shell.must("ip", "-n", ns, "link", "add", "probe0", "type", "veth", "peer", "name", "probe1");
            return Shell.run(List.of("ip", "netns", "exec", ns, "tc", "qdisc", "add", "dev", "probe0", "root", "netem",
                    "delay", "1ms"), 10).ok();
        } finally {
            Shell.run("ip", "netns", "del", ns);
        }
    }
}
