package dev.l4lab.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.l4lab.probe.config.ProbeConfig;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The test-only settings of src/test/resources/application.properties reach the tests; production keeps its own. */
@QuarkusTest
class TestConfigTest {

    @Inject
    ProbeConfig config;

    @Test
    void testSettingsApplyOnTopOfTheProductionFile() {
        assertEquals(10_000, config.limits().ratePerSecond(), "from src/test/resources/application.properties");
        assertEquals(10_000, config.limits().burst());
        assertEquals(64, config.limits().maxConcurrent(), "from src/main/resources/application.properties");
        assertEquals("5s", ConfigProvider.getConfig().getValue("probe.blackbox.modules.tcp_connect.timeout", String.class));
    }
}
