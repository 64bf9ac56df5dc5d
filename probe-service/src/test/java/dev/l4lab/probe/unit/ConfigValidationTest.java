package dev.l4lab.probe.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.probe.config.ProbeConfig;
import dev.l4lab.probe.config.ProbeConfigValidator;
import dev.l4lab.probe.limits.ResourceBudget;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real @ConfigMapping, loaded by SmallRye itself: its defaults and the shipped application.properties
 * are valid and fit the image's 128 MiB heap; bad values fail naming their key. (The @Min/@Max ranges are
 * applied by Quarkus at start-up; ProbeServiceIT starts the jar with a bad value to check that.)
 */
class ConfigValidationTest {

    private static final long IMAGE_HEAP = 128L << 20;
    private static final long NOFILE = 1_048_576;

    private static ProbeConfig load(Map<String, String> values) throws IOException {
        // the production file itself (the test classpath's application.properties holds only %test keys)
        URL shipped = Path.of("src/main/resources/application.properties").toUri().toURL();
        SmallRyeConfig config = builder()
                .withSources(new PropertiesConfigSource(shipped, 100))
                .withSources(new PropertiesConfigSource(values, "test", 200))
                .build();
        return config.getConfigMapping(ProbeConfig.class);
    }

    private static ProbeConfig mappingDefaultsOnly() {
        return builder().build().getConfigMapping(ProbeConfig.class);
    }

    /** The mapping with Quarkus' Duration syntax ("5s"), as the application has it. */
    private static SmallRyeConfigBuilder builder() {
        return new SmallRyeConfigBuilder().withMapping(ProbeConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter());
    }

    private static String failure(Map<String, String> values) {
        return assertThrows(RuntimeException.class, () -> load(values)).getMessage();
    }

    @Test
    void theDefaultsAreValidAndFitTheImage() throws IOException {
        for (ProbeConfig config : List.of(mappingDefaultsOnly(), load(Map.of()))) {
            assertEquals(List.of(), ProbeConfigValidator.validate(config));
            assertEquals(List.of(), ResourceBudget.of(config, 1024).problems(IMAGE_HEAP - (4L << 20), NOFILE));
            assertEquals(64, config.limits().maxConcurrent());
            assertEquals(1000, config.defaults().timeoutMs());
        }
        ProbeConfig shipped = load(Map.of());
        assertTrue(shipped.blackbox().modules().keySet().containsAll(List.of("tcp_connect", "tcp_echo", "udp_echo")));
        assertEquals(ProbeConfig.Prober.UDP, shipped.blackbox().modules().get("udp_echo").prober());
        assertEquals(3, shipped.policy().allowedCidrs().size());
    }

    @Test
    void badValuesFailNamingTheirKey() {
        assertTrue(failure(Map.of("probe.policy.allowed-cidrs", "127.0.0.0/8,10.0.0.0/40"))
                .contains("probe.policy.allowed-cidrs"));
        assertTrue(failure(Map.of("probe.policy.allowed-cidrs", "dead.beef/8")).contains("is not a CIDR"));
        assertTrue(failure(Map.of("probe.policy.allowed-hosts", "echo-1,bad host")).contains("probe.policy.allowed-hosts"));
        assertTrue(failure(Map.of("probe.auth.token", "short")).contains("probe.auth.token"));
        assertTrue(failure(Map.of("probe.limits.max-concurrent", "lots")).contains("probe.limits.max-concurrent"));
        assertTrue(failure(Map.of("probe.blackbox.modules.x.prober", "icmp")).contains("probe.blackbox.modules.x.prober"));
        assertTrue(failure(Map.of("probe.blackbox.modules.x.prober", "tcp",
                "probe.blackbox.modules.x.tcp.query-response[0].expect", "(a)\\1")).contains("query-response[0].expect"));
        assertTrue(failure(Map.of("probe.blackbox.modules.x.prober", "tcp",
                "probe.blackbox.modules.x.tcp.preferred-ip-protocol", "ip5")).contains("preferred-ip-protocol"));
    }

    @Test
    void crossFieldProblemsNameEveryKeyInvolved() throws IOException {
        String all = String.join("\n", ProbeConfigValidator.validate(load(Map.of(
                "probe.limits.max-concurrent", "8", "probe.limits.max-concurrent-per-client", "9",
                "probe.limits.max-scan-sockets", "100", "probe.limits.max-scan-concurrency", "200",
                "probe.blackbox.modules.u.prober", "tcp", "probe.blackbox.modules.u.udp.payload", "x"))));
        assertTrue(all.contains("probe.limits.max-concurrent-per-client (9) must not exceed probe.limits.max-concurrent (8)"), all);
        assertTrue(all.contains("probe.limits.max-scan-sockets (100) must be at least probe.limits.max-scan-concurrency (200)"), all);
        assertTrue(all.contains("probe.blackbox.modules.u.udp.* is set but probe.blackbox.modules.u.prober is tcp"), all);
    }

    @Test
    void limitsThatCannotFitTheHeapOrTheFdLimitFailNamingTheKeys() throws IOException {
        ProbeConfig big = load(Map.of("probe.limits.max-concurrent", "1000", "probe.limits.max-concurrent-per-client", "16"));
        String heap = String.join("\n", ResourceBudget.of(big, 1024).problems(IMAGE_HEAP, NOFILE));
        assertTrue(heap.contains("probe.limits.max-concurrent (1000)") && heap.contains("-Xmx is 128.0 MiB"), heap);
        String fds = String.join("\n", ResourceBudget.of(load(Map.of()), 1024).problems(IMAGE_HEAP * 8, 4096));
        assertTrue(fds.contains("open-files limit is 4096") && fds.contains("probe.limits.max-scan-sockets"), fds);
    }
}
