package dev.l4lab.lb.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bad value fails start-up with a message that starts with the key. */
class ConfigValidatorTest {

    private static Map<String, String> valid() {
        Map<String, String> m = new HashMap<>();
        m.put("lb.frontends.echo.port", "9000");
        m.put("lb.frontends.echo.pool", "echo");
        m.put("lb.pools.echo.backends", "echo-1:9000,echo-2:9000@3");
        return m;
    }

    private static LbConfig load(Map<String, String> props) {
        // Quarkus' duration syntax ("2S", "500MS"), as at runtime
        return new SmallRyeConfigBuilder().withMapping(LbConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(props, "test", 500)).build().getConfigMapping(LbConfig.class);
    }

    private static String failure(String key, String value) {
        Map<String, String> m = valid();
        if (value == null) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
        return assertThrows(ConfigException.class, () -> ConfigValidator.validate(load(m))).getMessage();
    }

    @Test
    void defaultsAreValid() {
        LbConfig c = load(valid());
        assertDoesNotThrow(() -> ConfigValidator.validate(c));
        assertEquals("round-robin", c.pools().get("echo").algorithm());
        assertEquals(2, c.pools().get("echo").health().rise());
        assertEquals(3, c.pools().get("echo").health().fall());
        assertEquals(2000, c.pools().get("echo").health().interval().toMillis());
        assertEquals(30_000, c.frontends().get("echo").udp().sessionTimeout().toMillis());
    }

    @Test
    void badValuesNameTheirKey() {
        assertEquals("lb.pools.echo.algorithm: unknown algorithm 'foo' (expected one of round-robin, "
                + "weighted-round-robin, least-connections, random-two-choices, source-hash, maglev)",
                failure("lb.pools.echo.algorithm", "foo"));
        assertEquals("lb.pools.echo.backends: bad address 'echo-1' (expected host:port)",
                failure("lb.pools.echo.backends", "echo-1"));
        Map<String, String> noBackends = valid();
        noBackends.remove("lb.pools.echo.backends");
        noBackends.put("lb.pools.echo.algorithm", "maglev");
        assertEquals("lb.pools.echo.backends: pool has no backends (expected host:port[@weight],...)",
                assertThrows(ConfigException.class, () -> ConfigValidator.validate(load(noBackends))).getMessage());
        assertEquals("lb.frontends.echo.pool: unknown pool 'nope' (configured: echo)",
                failure("lb.frontends.echo.pool", "nope"));
        assertEquals("lb.frontends.echo.protocol: unknown protocol 'sctp' (expected tcp, udp or http)",
                failure("lb.frontends.echo.protocol", "sctp"));
        assertEquals("lb.pools.echo.proxy-protocol: unknown PROXY protocol mode 'v3' (expected none, v1 or v2)",
                failure("lb.pools.echo.proxy-protocol", "v3"));
        assertEquals("lb.pools.echo.health.fall: must be > 0, got 0", failure("lb.pools.echo.health.fall", "0"));
        assertEquals("lb.frontends.echo.port: port 70000 out of range (0-65535)",
                failure("lb.frontends.echo.port", "70000"));
        assertEquals("lb.frontends.echo.sticky-cookie: bad cookie name 'a;b' (1-64 of A-Z a-z 0-9 _ - .)",
                failure("lb.frontends.echo.sticky-cookie", "a;b"));
        assertEquals("lb.frontends.echo.request-timeout: must be > 0, got PT0S",
                failure("lb.frontends.echo.request-timeout", "0S"));
        assertEquals("lb.experiment.max-duration: must be > 0, got PT0S", failure("lb.experiment.max-duration", "0S"));
    }
}
