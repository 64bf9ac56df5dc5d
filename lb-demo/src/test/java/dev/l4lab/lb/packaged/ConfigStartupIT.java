package dev.l4lab.lb.packaged;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** A bad configuration stops the packaged jar at start-up, with a message that names the key. */
class ConfigStartupIT {

    private static String failure(Map<String, String> props) throws Exception {
        Map<String, String> m = new HashMap<>(props);
        m.put("lb.frontends.echo.bind", "127.0.0.1");
        PackagedLb.Failed failed = PackagedLb.startFailing(m, OptionalInt.empty());
        assertNotEquals(0, failed.exitCode(), failed.output());
        return failed.output();
    }

    /** Starts with these bad values and checks that the output names every one of their keys. */
    private static void eachKeyNamed(Map<String, String> bad) throws Exception {
        String out = failure(bad);
        bad.keySet().forEach(key -> assertTrue(out.contains(key), key + " named in:\n" + out));
    }

    @Test
    void valuesOfTheWrongTypeNameTheirKeys() throws Exception {
        eachKeyNamed(Map.of("lb.pools.echo.algorithm", "foo", "lb.frontends.echo.protocol", "sctp",
                "lb.frontends.echo.idle-timeout", "soon", "lb.pools.echo.backends", "echo-1"));
    }

    @Test
    void valuesOutOfRangeNameTheirKeys() throws Exception {
        eachKeyNamed(Map.of("lb.frontends.echo.port", "70000", "lb.pools.echo.health.rise", "0",
                "lb.frontends.echo-l7.sticky-cookie", "a;b", "lb.auth.token", "short"));
    }

    @Test
    void checksAcrossKeysNameTheKey() throws Exception {
        String out = failure(Map.of("lb.frontends.echo.pool", "nope"));
        assertTrue(out.contains("lb.frontends.echo.pool: unknown pool 'nope'"), out);
    }

    @Test
    void aLinkLocalBackendStopsTheStartNamingTheKeyThatAllowsIt() throws Exception {
        String out = failure(Map.of("lb.pools.echo.backends", "169.254.169.254:80"));
        assertTrue(out.contains("lb.pools.echo.backends: backend 169.254.169.254:80 is link-local"), out);
        assertTrue(out.contains("lb.backend-policy.allow-link-local"), out);
    }
}
