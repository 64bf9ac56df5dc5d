package dev.l4lab.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.probe.support.Exposition;
import dev.l4lab.probe.support.Listeners;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Side by side with Debian's prometheus-blackbox-exporter (installed by ./lab test), on loopback only: the same
 * modules, the same open, closed and filtered targets. For the metrics both have, probe_success and the
 * values that do not depend on timing must be equal, and every family must have the same name and type.
 * The table it prints (and writes to target/blackbox-comparison.md) is the one in the README.
 */
@QuarkusTest
class BlackboxComparisonTest {

    static final String EXPORTER = "/usr/bin/prometheus-blackbox-exporter";
    static final List<String> SHARED = List.of("probe_dns_lookup_time_seconds", "probe_duration_seconds",
            "probe_failed_due_to_regex", "probe_ip_addr_hash", "probe_ip_protocol", "probe_success");
    /** The same modules as src/test/resources/application.properties gives probe-service, in the exporter's YAML. */
    static final String CONFIG = """
            modules:
              tcp_fast:
                prober: tcp
                timeout: 1s
              tcp_fast_echo:
                prober: tcp
                timeout: 1s
                tcp:
                  query_response:
                    - send: "l4lab-probe"
                    - expect: "^(l4lab)-(?P<word>probe)$"
                      send: "got $1 $word"
            """;

    @TestHTTPResource("/")
    URL url;

    @Test
    void theSharedMetricsAgreeWithTheBlackboxExporter() throws Exception {
        assertTrue(Files.isExecutable(Path.of(EXPORTER)), "needs Debian's prometheus-blackbox-exporter "
                + "(apt-get install prometheus-blackbox-exporter; ./lab test installs it)");
        Path config = Files.writeString(Files.createDirectories(Path.of("target")).resolve("blackbox-comparison.yml"), CONFIG);
        int port = freePort();
        Process exporter = new ProcessBuilder(EXPORTER, "--config.file=" + config, "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(Path.of("target", "blackbox-exporter.log").toFile()).start();
        try (Listeners l = new Listeners()) {
            awaitUp("http://127.0.0.1:" + port + "/metrics", exporter);
            Map<String, String> targets = new LinkedHashMap<>();
            targets.put("open", "127.0.0.1:" + l.tcpBanner(""));
            targets.put("closed", "127.0.0.1:" + Listeners.closedPort());
            targets.put("filtered", "127.0.0.1:" + l.filteredPort());
            List<String> table = new ArrayList<>();
            table.add("| target | module | blackbox_exporter probe_success | probe-service probe_success "
                    + "| shared families, same name and type | probe-service's state / reason |");
            table.add("|---|---|---|---|---|---|");
            for (String module : List.of("tcp_fast", "tcp_fast_echo")) {
                for (Map.Entry<String, String> t : targets.entrySet()) {
                    String query = "/probe?module=" + module + "&target=" + t.getValue();
                    Map<String, Exposition.Sample> theirs = Exposition.parse(get("http://127.0.0.1:" + port + query));
                    Map<String, Exposition.Sample> ours = Exposition.parse(get("http://127.0.0.1:" + url.getPort() + query));
                    String where = t.getKey() + " " + module;
                    TreeSet<String> theirShared = new TreeSet<>();
                    for (String name : SHARED) {
                        Exposition.Sample a = theirs.get(name);
                        Exposition.Sample b = ours.get(name);
                        assertEquals(a == null, b == null, where + ": " + name + " present on one side only");
                        if (a == null) {
                            continue;
                        }
                        theirShared.add(name);
                        assertEquals(a.type(), b.type(), where + ": type of " + name);
                        if (!name.endsWith("_seconds")) {
                            assertEquals(a.value(), b.value(), where + ": " + name);
                        }
                    }
                    String state = ours.keySet().stream().filter(k -> k.startsWith("probe_l4_state") && ours.get(k).value() == 1)
                            .findFirst().orElse("-");
                    String reason = ours.keySet().stream().filter(k -> k.startsWith("probe_l4_failure_reason"))
                            .findFirst().orElse("-");
                    table.add("| " + t.getKey() + " | " + module + " | " + fmt(theirs.get("probe_success").value()) + " | "
                            + fmt(ours.get("probe_success").value()) + " | " + theirShared.size() + " of " + theirShared.size()
                            + " | " + label(state) + " / " + label(reason) + " |");
                }
            }
            Files.write(Path.of("target", "blackbox-comparison.md"), table);
            System.out.println("blackbox_exporter vs probe-service:\n" + String.join("\n", table));
        } finally {
            exporter.destroy();
            exporter.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String fmt(double v) {
        return v == (long) v ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static String label(String key) {
        return key.contains("\"") ? key.substring(key.indexOf('"') + 1, key.lastIndexOf('"')) : key;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, Listeners.LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    private static void awaitUp(String url, Process exporter) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            assertTrue(exporter.isAlive(), "the exporter exited: " + Files.readString(Path.of("target", "blackbox-exporter.log")));
            try {
                get(url);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("blackbox exporter did not come up on " + url);
    }

    private static String get(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(15_000);
        if (c.getResponseCode() != 200) {
            throw new IOException(url + " -> " + c.getResponseCode());
        }
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
