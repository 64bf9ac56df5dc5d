package dev.l4lab.lb.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The test profile (application-test.properties) for the packaged jar: @QuarkusIntegrationTest runs it with the
 * prod profile, and the test file is not in the jar, so its keys are passed as system properties. A global test
 * resource (declared on HealthSmokeIT), so that every *IT shares one launch of the jar; in the test JVM it repeats
 * what the test profile says already.
 */
public class ItConfig implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Properties p = new Properties();
        try (InputStream in = ItConfig.class.getResourceAsStream("/application-test.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> out = new HashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    @Override
    public void stop() {
    }
}
