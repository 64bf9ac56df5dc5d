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
        assertEquals(10000, c.limits().maxConnections());
        assertEquals(Duration.ofMinutes(5), c.limits().idleTimeout());
        assertTrue(c.instanceName().isEmpty());
    }

    @Test
    void acceptsLowerCaseModesAndQuarkusDurations() {
        EchoConfig c = load(Map.of("echo.chargen.proxy-protocol", "required", "echo.limits.idle-timeout", "500ms"));
        assertEquals(ProxyMode.REQUIRED, c.chargen().proxyProtocol());
        assertEquals(Duration.ofMillis(500), c.limits().idleTimeout());
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
