package dev.l4lab.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.support.Clients;
import dev.l4lab.lb.support.HeadlessChromium;
import dev.l4lab.lb.support.Lb;
import dev.l4lab.lb.support.RawHttp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.Socket;
import java.net.URL;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard as a person sees it: headless Chromium loads it from the admin port, runs it, and the test reads
 * what it drew. The checks are on the drawn tables, not on the script's source.
 */
@QuarkusTest
class DashboardTest {

    @TestHTTPResource("/")
    URL page;

    /** The text of the element with this id, tags stripped. */
    private static String section(String dom, String id) {
        Matcher m = Pattern.compile("<div id=\"" + id + "\"[^>]*>(.*?)</div>\\s*</section>", Pattern.DOTALL).matcher(dom);
        assertTrue(m.find(), "the page has #" + id);
        return m.group(1);
    }

    /** The start tag of the element with this id. */
    private static String tag(String dom, String id) {
        Matcher m = Pattern.compile("<[a-z]+ [^>]*id=\"" + id + "\"[^>]*>").matcher(dom);
        assertTrue(m.find(), "the page has #" + id);
        return m.group();
    }

    private static boolean hidden(String dom, String id) {
        return Pattern.compile("\\shidden(=\"\")?[\\s>]").matcher(tag(dom, id)).find();
    }

    private static String text(String html) {
        return html.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
    }

    @Test
    void thePageShowsTheFrontendsThePoolsAndALiveConnection() throws Exception {
        try (Socket held = Clients.connect(Lb.port("echo")); Socket keptAlive = Clients.connect(Lb.port("echo-l7"))) {
            Clients.readLine(held); // connected through to a backend: the TCP table lists it
            assertEquals(200, RawHttp.get(keptAlive, "/whoami").status()); // and the HTTP table this one
            String dom = HeadlessChromium.dumpDom(page.toString(), 5000);

            assertTrue(tag(dom, "api-status").contains("pill-ok")
                    && Pattern.compile("id=\"api-status\"[^>]*>live</span>").matcher(dom).find(),
                    "the status pill says live: " + tag(dom, "api-status"));
            assertTrue(hidden(dom, "unreachable"), "no 'admin API unreachable' banner: " + tag(dom, "unreachable"));
            assertTrue(hidden(dom, "auth"), "no token form without a token");

            String frontends = text(section(dom, "frontends"));
            for (String name : new String[] {"echo ", "echo-udp ", "echo-http ", "echo-l7 "}) {
                assertTrue(frontends.contains(name), "frontend " + name + "in the table: " + frontends);
            }
            assertTrue(frontends.contains("127.0.0.1:" + Lb.port("echo")), "with its address: " + frontends);

            String pools = section(dom, "pools");
            assertTrue(text(pools).contains("echo-udp"), "the pools are drawn");
            assertTrue(pools.contains("class=\"badge st-UP\">UP</span>"), "backends are shown UP, in green");
            assertTrue(Pattern.compile("class=\"b-DRAINING\"[^>]*>DRAINING</button>").matcher(pools).find(),
                    "with the buttons that change their state");

            String tcp = text(section(dom, "tcp"));
            assertTrue(tcp.contains("127.0.0.1:" + held.getLocalPort()), "the held connection is listed: " + tcp);
            assertTrue(tcp.contains("established"), tcp);

            String http = text(section(dom, "http"));
            assertTrue(http.contains("127.0.0.1:" + keptAlive.getLocalPort() + " → echo-l7 HTTP/1.1"),
                    "the kept-alive L7 connection is listed: " + http);
            assertTrue(http.contains(" idle 1 "), "idle between requests, one finished: " + http);
        }
    }

    @Test
    void theExperimentRunsFromThePageAndShowsItsLessons() throws Exception {
        String dom = HeadlessChromium.dumpDom(page + "#run-experiment", 20_000);
        String result = text(dom.substring(dom.indexOf("<div id=\"exp-result\"")));
        assertTrue(result.contains("Lessons"), "the lessons are drawn: " + result);
        assertTrue(result.contains("L4") && result.contains("L7"), "both paths: " + result);
        assertTrue(hidden(dom, "exp-error"), "no error shown: " + tag(dom, "exp-error"));
    }
}
