package dev.l4lab.lb.config;

import dev.l4lab.lb.pool.BackendSpec;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The checks that need more than one key; each value on its own is typed and range-checked by {@link LbConfig}.
 * The first problem fails start-up naming its key.
 */
public final class ConfigValidator {

    private ConfigValidator() {
    }

    public static void validate(LbConfig config) {
        if (config.pools().isEmpty()) {
            throw new ConfigException("lb.pools", "no pool configured");
        }
        config.pools().forEach((name, p) -> {
            Set<String> seen = new HashSet<>();
            for (BackendSpec b : p.backends()) {
                if (!seen.add(b.address().toString())) {
                    throw new ConfigException("lb.pools." + name + ".backends", "duplicate backend " + b.address());
                }
            }
        });
        Set<String> listeners = new HashSet<>();
        for (Map.Entry<String, LbConfig.Frontend> e : config.frontends().entrySet()) {
            String key = "lb.frontends." + e.getKey();
            LbConfig.Frontend f = e.getValue();
            if (!config.pools().containsKey(f.pool())) {
                throw new ConfigException(key + ".pool", "unknown pool '" + f.pool() + "' (configured: "
                        + String.join(", ", config.pools().keySet()) + ")");
            }
            String socket = (f.protocol().onTcp() ? "tcp" : "udp") + " " + f.bind() + ":" + f.port();
            if (f.port() != 0 && !listeners.add(socket)) {
                throw new ConfigException(key + ".port", socket + " is used by another frontend");
            }
        }
    }
}
