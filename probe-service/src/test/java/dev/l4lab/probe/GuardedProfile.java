package dev.l4lab.probe;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Bearer token on, a global concurrency cap of 3 with 2 per client, and a slow bucket (burst 20, refill
 * 1/s) that one test drains on purpose; a slow refill keeps the rate test deterministic on a loaded
 * machine. Every test uses its own client address, so none depends on another's leftovers.
 */
public class GuardedProfile implements QuarkusTestProfile {

    static final String TOKEN = "test-token-0123456789";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "probe.auth.token", TOKEN,
                "probe.limits.rate-per-second", "1",
                "probe.limits.burst", "20",
                "probe.limits.max-concurrent", "3",
                "probe.limits.max-concurrent-per-client", "2");
    }
}
