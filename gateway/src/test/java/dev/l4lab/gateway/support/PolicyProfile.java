package dev.l4lab.gateway.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** As {@link NetnsProfile}, with conntrack timeouts by nftables ct timeout policies (as in a Docker container). */
public class PolicyProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(GatewayNetnsResource.class, Map.of("mechanism", "policy")));
    }
}
