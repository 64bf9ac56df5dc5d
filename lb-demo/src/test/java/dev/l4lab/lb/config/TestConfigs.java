package dev.l4lab.lb.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** An {@link LbConfig} from a few properties, converted as Quarkus does (Bean Validation ranges aside). */
public final class TestConfigs {

    private TestConfigs() {
    }

    /** One TCP frontend "echo" on pool "echo" with two backends. */
    public static Map<String, String> minimal() {
        Map<String, String> m = new HashMap<>();
        m.put("lb.frontends.echo.port", "9000");
        m.put("lb.frontends.echo.pool", "echo");
        m.put("lb.pools.echo.backends", "echo-1:9000, echo-2:9000@3");
        return m;
    }

    public static LbConfig load(Map<String, String> props) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(LbConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(props, "test", 500)).build();
        return config.getConfigMapping(LbConfig.class);
    }
}
