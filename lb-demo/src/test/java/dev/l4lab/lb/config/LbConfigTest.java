package dev.l4lab.lb.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.balance.Algorithm;
import dev.l4lab.lb.frontend.Protocol;
import dev.l4lab.lb.pool.HealthPolicy;
import dev.l4lab.lb.pool.ProxyProtocolMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Values are typed by the mapping itself (SmallRye maps "round-robin" to ROUND_ROBIN): a bad one fails naming its
 * key and what it got. The checks across keys fail naming the key too. (Ranges are Bean Validation's, checked on
 * the packaged jar by ConfigStartupIT.)
 */
class LbConfigTest {

    private static String failure(String key, String value) {
        Map<String, String> m = TestConfigs.minimal();
        m.put(key, value);
        return assertThrows(RuntimeException.class, () -> TestConfigs.load(m)).getMessage();
    }

    private static String invalid(Map<String, String> m) {
        LbConfig c = TestConfigs.load(m);
        return assertThrows(ConfigException.class, () -> ConfigValidator.validate(c)).getMessage();
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        LbConfig c = TestConfigs.load(TestConfigs.minimal());
        assertDoesNotThrow(() -> ConfigValidator.validate(c));
        LbConfig.Pool p = c.pools().get("echo");
        assertEquals(Algorithm.ROUND_ROBIN, p.algorithm());
        assertEquals(ProxyProtocolMode.NONE, p.proxyProtocol());
        assertEquals(HealthPolicy.CheckType.TCP, p.health().type());
        assertEquals(2, p.health().rise());
        assertEquals(3, p.health().fall());
        assertEquals(2000, p.health().interval().toMillis());
        assertEquals(3, p.backends().get(1).weight());
        LbConfig.Frontend f = c.frontends().get("echo");
        assertEquals(Protocol.TCP, f.protocol());
        assertTrue(f.maxConnections().isEmpty(), "unset: derived at start-up");
        assertEquals(10_000, f.requestHeaderTimeout().toMillis());
        assertEquals(30_000, f.udp().sessionTimeout().toMillis());
        assertEquals(1000, f.udp().newSessionsPerSecond());
        assertTrue(c.auth().token().isEmpty(), "no admin token by default");
        assertEquals(false, c.backendPolicy().allowLinkLocal());
        assertEquals(false, c.backendPolicy().allowSelf());
    }

    @Test
    void enumsTakeTheHyphenatedNames() {
        Map<String, String> m = TestConfigs.minimal();
        m.put("lb.pools.echo.algorithm", "random-two-choices");
        m.put("lb.pools.echo.proxy-protocol", "v2");
        m.put("lb.pools.echo.health.type", "udp");
        m.put("lb.frontends.echo.protocol", "http");
        LbConfig c = TestConfigs.load(m);
        assertEquals(Algorithm.RANDOM_TWO_CHOICES, c.pools().get("echo").algorithm());
        assertEquals(ProxyProtocolMode.V2, c.pools().get("echo").proxyProtocol());
        assertEquals(HealthPolicy.CheckType.UDP, c.pools().get("echo").health().type());
        assertEquals(Protocol.HTTP, c.frontends().get("echo").protocol());
    }

    private static void named(String key, String value, String problem) {
        String msg = failure(key, value);
        assertTrue(msg.contains(key) && msg.contains(problem), key + "=" + value + ": " + msg);
    }

    @Test
    void aBadValueNamesItsKey() {
        named("lb.pools.echo.algorithm", "foo", "foo");
        named("lb.frontends.echo.protocol", "sctp", "sctp");
        named("lb.pools.echo.proxy-protocol", "v3", "v3");
        named("lb.pools.echo.backends", "echo-1", "bad address 'echo-1'");
        named("lb.pools.echo.backends", "echo-1:80@300", "out of range");
        named("lb.frontends.echo.port", "eighty", "eighty");
        named("lb.frontends.echo.idle-timeout", "soon", "soon");
    }

    @Test
    void aPoolWithoutBackendsNamesTheKey() {
        Map<String, String> m = TestConfigs.minimal();
        m.remove("lb.pools.echo.backends");
        m.put("lb.pools.echo.algorithm", "maglev");
        String msg = assertThrows(RuntimeException.class, () -> TestConfigs.load(m)).getMessage();
        assertTrue(msg.contains("lb.pools.echo.backends"), msg);
    }

    @Test
    void checksAcrossKeysNameTheKey() {
        Map<String, String> unknownPool = TestConfigs.minimal();
        unknownPool.put("lb.frontends.echo.pool", "nope");
        assertEquals("lb.frontends.echo.pool: unknown pool 'nope' (configured: echo)", invalid(unknownPool));

        Map<String, String> duplicate = TestConfigs.minimal();
        duplicate.put("lb.pools.echo.backends", "echo-1:9000,echo-1:9000");
        assertEquals("lb.pools.echo.backends: duplicate backend echo-1:9000", invalid(duplicate));

        Map<String, String> samePort = TestConfigs.minimal();
        samePort.put("lb.frontends.other.port", "9000");
        samePort.put("lb.frontends.other.pool", "echo");
        samePort.put("lb.frontends.other.protocol", "http");
        String msg = invalid(samePort);
        assertTrue(msg.endsWith("tcp 0.0.0.0:9000 is used by another frontend") && msg.contains(".port"), msg);

        Map<String, String> udpBeside = TestConfigs.minimal();
        udpBeside.put("lb.frontends.other.port", "9000");
        udpBeside.put("lb.frontends.other.pool", "echo");
        udpBeside.put("lb.frontends.other.protocol", "udp");
        assertDoesNotThrow(() -> ConfigValidator.validate(TestConfigs.load(udpBeside)), "udp/9000 beside tcp/9000");
    }
}
