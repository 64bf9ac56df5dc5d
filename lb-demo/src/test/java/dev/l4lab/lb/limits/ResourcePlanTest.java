package dev.l4lab.lb.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.config.ConfigException;
import dev.l4lab.lb.config.LbConfig;
import dev.l4lab.lb.config.TestConfigs;
import dev.l4lab.lb.tcp.RelayBudget;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up arithmetic: configured limits are checked, unset ones derived, reserves kept. */
class ResourcePlanTest {

    private static final long MIB = 1 << 20;
    /** The images: 128 MiB heap (direct memory defaults to the same), nofile 20000, 60 descriptors open. */
    private static final HostResources IMAGE = new HostResources(20_000, 60, 128 * MIB, 128 * MIB);

    /** The lab's five frontends, as in application.properties. */
    private static Map<String, String> lab() {
        Map<String, String> m = TestConfigs.minimal();
        m.put("lb.frontends.echo-udp.protocol", "udp");
        m.put("lb.frontends.echo-udp.port", "9001");
        m.put("lb.frontends.echo-udp.pool", "echo");
        m.put("lb.frontends.echo-http.port", "8001");
        m.put("lb.frontends.echo-http.pool", "echo");
        m.put("lb.frontends.echo-http-proxied.port", "8002");
        m.put("lb.frontends.echo-http-proxied.pool", "echo");
        m.put("lb.frontends.echo-l7.protocol", "http");
        m.put("lb.frontends.echo-l7.port", "8000");
        m.put("lb.frontends.echo-l7.pool", "echo");
        return m;
    }

    private static ResourcePlan plan(Map<String, String> props, HostResources host) {
        return ResourcePlan.of(TestConfigs.load(props), host, 64);
    }

    @Test
    void unsetLimitsAreDerivedAndTogetherFitTheDescriptorsAndTheMemory() {
        LbConfig config = TestConfigs.load(lab());
        ResourcePlan plan = ResourcePlan.of(config, IMAGE, 64);
        long fds = 0;
        long directFloor = 0;
        for (String name : config.frontends().keySet()) {
            ResourcePlan.FrontendLimit l = plan.limit(name);
            assertTrue(l.derived() && l.value() > 0, name + ": " + l);
            Cost c = Cost.of(l.protocol());
            fds += (long) c.descriptors() * l.value();
            directFloor += c.directBytes() * l.value();
            if (l.relayBytes() > 0) {
                assertTrue(l.relayBytes() >= l.value() * RelayBudget.floorBytes(), name + " relay budget covers its floor");
            }
        }
        long reserved = 60 + ResourcePlan.DESCRIPTOR_MARGIN + 64 + config.pools().size() * 64L
                + ResourcePlan.EXPERIMENT_CONNECTIONS + config.frontends().size();
        assertTrue(fds + reserved <= 20_000, "descriptors: " + fds + " + " + reserved);
        assertTrue(directFloor <= 128 * MIB - ResourcePlan.DIRECT_RESERVE, "direct memory: " + directFloor);
        assertTrue(plan.limit("echo").value() >= 256, "a TCP frontend still takes hundreds: " + plan.limit("echo"));
    }

    @Test
    void configuredLimitsThatCannotFitFailNamingTheirKeys() {
        Map<String, String> m = lab();
        m.put("lb.frontends.echo.max-connections", "10000");
        m.put("lb.frontends.echo-http.max-connections", "10000");
        ConfigException e = assertThrows(ConfigException.class, () -> plan(m, IMAGE));
        assertTrue(e.getMessage().startsWith("lb.frontends.echo-http.max-connections, lb.frontends.echo.max-connections:")
                || e.getMessage().startsWith("lb.frontends.echo.max-connections, lb.frontends.echo-http.max-connections:"),
                e.getMessage());
        assertTrue(e.getMessage().contains("descriptors") && e.getMessage().contains("ulimit -n"), e.getMessage());
    }

    @Test
    void memoryIsCheckedToo() {
        Map<String, String> m = lab();
        m.put("lb.frontends.echo.max-connections", "5000"); // 5000 x 64 KiB of relay buffers > 112 MiB
        ConfigException e = assertThrows(ConfigException.class,
                () -> plan(m, new HostResources(1_000_000, 60, 128 * MIB, 128 * MIB)));
        assertTrue(e.getMessage().startsWith("lb.frontends.echo.max-connections:"), e.getMessage());
        assertTrue(e.getMessage().contains("direct memory") && e.getMessage().contains("-XX:MaxDirectMemorySize"),
                e.getMessage());
    }

    @Test
    void udpSessionsAreNamedByTheirKey() {
        Map<String, String> m = lab();
        m.put("lb.frontends.echo-udp.udp.max-sessions", "30000");
        ConfigException e = assertThrows(ConfigException.class, () -> plan(m, IMAGE));
        assertTrue(e.getMessage().startsWith("lb.frontends.echo-udp.udp.max-sessions:"), e.getMessage());
    }

    @Test
    void aFrontendLeftWithNothingFailsNamingItsKey() {
        Map<String, String> m = lab();
        m.put("lb.frontends.echo.max-connections", "9000");
        long reserved = 60 + ResourcePlan.DESCRIPTOR_MARGIN + 64 + 64 + ResourcePlan.EXPERIMENT_CONNECTIONS + 5;
        // 3 descriptors left for the four frontends whose limit is not set
        HostResources small = new HostResources(2 * 9000 + reserved + 3, 60, 1024 * MIB, 1024 * MIB);
        ConfigException e = assertThrows(ConfigException.class, () -> plan(m, small));
        assertTrue(e.getMessage().startsWith("lb.frontends.") && e.getMessage().contains("no room left"),
                e.getMessage());
    }

    @Test
    void configuredLimitsThatFitAreKeptAsTheyAre() {
        Map<String, String> m = lab();
        m.put("lb.frontends.echo.max-connections", "100");
        ResourcePlan plan = plan(m, IMAGE);
        assertEquals(100, plan.limit("echo").value());
        assertFalse(plan.limit("echo").derived());
    }

    @Test
    void withoutProcDescriptorsAreNotTheLimit() {
        ResourcePlan plan = plan(lab(), new HostResources(-1, 0, 1024 * MIB, 1024 * MIB));
        assertTrue(plan.limit("echo").value() > 0);
    }
}
