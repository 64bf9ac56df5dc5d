package dev.l4lab.probe;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * For the *IT slices against the packaged jar (prod profile): the same generous rate limit as the test
 * profile, passed to the launched jar, since every test call comes from one address.
 */
public class PackagedProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("probe.limits.rate-per-second", "10000", "probe.limits.burst", "10000");
    }
}
