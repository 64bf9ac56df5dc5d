package dev.l4lab.echo.tcp;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** TCP echo requires PROXY headers; banner on; tight limits so they can be observed quickly. */
public class ProxyRequiredProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
            "echo.tcp.proxy-protocol", "required",
            "echo.banner.enabled", "true",
            "echo.limits.max-connections", "4",
            "echo.limits.idle-timeout", "1S",
            "echo.limits.proxy-header-timeout", "700ms");
    }
}
