package dev.l4lab.echo.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapping itself: defaults per the contract, and bad values fail naming the key. */
class EchoConfigValidationTest {

    @Test
    void defaultsMatchTheContract() {
        EchoConfig c = load(Map.of());
        assertEquals(9000, c.tcp().port());
        assertEquals(9001, c.udp().port());
        assertEquals(9009, c.discard().port());
        assertEquals(9019, c.chargen().port());
        assertEquals(8081, c.whoamiProxy().port());
        assertEquals(ProxyMode.OFF, c.tcp().proxyProtocol());
        assertEquals(false, c.banner().enabled());
        assertTrue(c.limits().maxConnections().isEmpty(), "derived from the heap unless set");
        assertEquals(32 * 1024, c.limits().connectionBuffer());
        assertEquals(Duration.ofMinutes(5), c.limits().idleTimeout());
        assertEquals(4 * 1024 * 1024, c.udp().maxDelayedBytes());
        assertEquals(Duration.ofSeconds(3), c.shutdown().drainTimeout());
        assertTrue(c.admin().token().isEmpty());
        assertTrue(c.instanceName().isEmpty());
    }

    @Test
    void acceptsLowerCaseModesQuarkusDurationsAndSizes() {
        EchoConfig c = load(Map.of("echo.chargen.proxy-protocol", "required", "echo.limits.idle-timeout", "500ms",
            "echo.limits.connection-buffer", "64K", "echo.limits.max-connections", "2000",
            "echo.admin.token", "s3cret-token"));
        assertEquals(ProxyMode.REQUIRED, c.chargen().proxyProtocol());
        assertEquals(Duration.ofMillis(500), c.limits().idleTimeout());
        assertEquals(64 * 1024, c.limits().connectionBuffer());
        assertEquals(2000, c.limits().maxConnections().orElseThrow());
        assertEquals("s3cret-token", c.admin().token().orElseThrow());
    }

    @Test
    void badValuesFailNamingTheKey() {
        assertFailsNaming("echo.tcp.port", "70000");
        assertFailsNaming("echo.udp.port", "-1");
        assertFailsNaming("echo.discard.port", "nine");
        assertFailsNaming("echo.tcp.proxy-protocol", "maybe");
        assertFailsNaming("echo.limits.max-connections", "0");
        assertFailsNaming("echo.limits.idle-timeout", "-5S");
        assertFailsNaming("echo.limits.idle-timeout", "soon");
        assertFailsNaming("echo.limits.max-connections", "1000001");
        assertFailsNaming("echo.limits.connection-buffer", "512");
        assertFailsNaming("echo.limits.connection-buffer", "2G");
        assertFailsNaming("echo.limits.connection-buffer", "lots");
        assertFailsNaming("echo.udp.max-delayed-bytes", "1K");
        assertFailsNaming("echo.shutdown.drain-timeout", "2M");
        assertFailsNaming("echo.admin.token", "short");
        assertFailsNaming("echo.admin.token", "has a space");
        assertFailsNaming("echo.limits.proxy-header-timeout", "0");
        assertFailsNaming("echo.limits.proxy-header-timeout", "2D");
    }

    private static void assertFailsNaming(String key, String value) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> load(Map.of(key, value)));
        String all = messages(e);
        assertTrue(all.contains(key), () -> "message should name " + key + ": " + all);
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append(" | ");
            for (Throwable s : c.getSuppressed()) {
                sb.append(s.getMessage()).append(" | ");
            }
        }
        return sb.toString();
    }

    private static EchoConfig load(Map<String, String> values) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
            .withMapping(EchoConfig.class)
            .withSources(new PropertiesConfigSource(values, "test", 500))
            .build();
        return config.getConfigMapping(EchoConfig.class);
    }
}
