package dev.l4lab.probe;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A short stall timeout, so the tests can watch a stream whose client stopped reading being ended. */
public class StreamProfile implements QuarkusTestProfile {

    static final int STALL_MS = 2000;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("probe.limits.stream-stall-timeout-ms", String.valueOf(STALL_MS));
    }
}
