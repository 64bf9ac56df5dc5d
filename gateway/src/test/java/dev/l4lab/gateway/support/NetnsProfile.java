package dev.l4lab.gateway.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** The gateway in a namespace lab of its own, conntrack timeouts by sysctl (the namespace's are writable). */
public class NetnsProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(GatewayNetnsResource.class, Map.of("mechanism", "auto")));
    }
}
