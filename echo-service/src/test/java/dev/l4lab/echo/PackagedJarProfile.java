package dev.l4lab.echo;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * For @QuarkusIntegrationTest: the packaged jar runs in the prod profile without the test resources, so the
 * test profile's settings (ephemeral ports, the instance name) are passed to it as overrides, read from the
 * same test-only application.properties the in-process tests use.
 */
public class PackagedJarProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>();
        try {
            for (URL url : Collections.list(getClass().getClassLoader().getResources("application.properties"))) {
                Properties p = new Properties();
                try (InputStream in = url.openStream()) {
                    p.load(in);
                }
                p.stringPropertyNames().stream().filter(k -> k.startsWith("%test."))
                    .forEach(k -> overrides.put(k.substring("%test.".length()), p.getProperty(k)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (overrides.isEmpty()) {
            throw new IllegalStateException("no %test. settings on the test classpath");
        }
        return overrides;
    }
}
