package dev.l4lab.lb.config;

import dev.l4lab.lb.balance.Algorithm;
import dev.l4lab.lb.health.HealthPolicy;
import dev.l4lab.lb.pool.BackendSpec;
import dev.l4lab.lb.pool.ProxyProtocolMode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Checks an {@link LbConfig} before anything binds; the first problem fails start-up naming its key. */
public final class ConfigValidator {

    private ConfigValidator() {
    }

    public static void validate(LbConfig config) {
        if (config.eventLoops() < 0 || config.eventLoops() > 256) {
            throw new ConfigException("lb.event-loops", "must be 0 (one per core) to 256, got " + config.eventLoops());
        }
        if (config.pools().isEmpty()) {
            throw new ConfigException("lb.pools", "no pool configured");
        }
        for (Map.Entry<String, LbConfig.Pool> e : config.pools().entrySet()) {
            validatePool("lb.pools." + e.getKey(), e.getValue());
        }
        Set<String> listeners = new HashSet<>();
        for (Map.Entry<String, LbConfig.Frontend> e : config.frontends().entrySet()) {
            String key = "lb.frontends." + e.getKey();
            LbConfig.Frontend f = e.getValue();
            String protocol = f.protocol().toLowerCase(Locale.ROOT);
            if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("http")) {
                throw new ConfigException(key + ".protocol", "unknown protocol '" + f.protocol()
                        + "' (expected tcp, udp or http)");
            }
            if (f.port() < 0 || f.port() > 65535) {
                throw new ConfigException(key + ".port", "port " + f.port() + " out of range (0-65535)");
            }
            if (f.bind().isBlank() || !f.bind().matches("[A-Za-z0-9._:\\-]+")) {
                throw new ConfigException(key + ".bind", "bad bind address '" + f.bind() + "'");
            }
            if (f.port() != 0 && !listeners.add((protocol.equals("udp") ? "udp" : "tcp") + "/" + f.bind() + ":" + f.port())) {
                throw new ConfigException(key + ".port", protocol + " port " + f.port() + " is used by another frontend");
            }
            if (!config.pools().containsKey(f.pool())) {
                throw new ConfigException(key + ".pool", "unknown pool '" + f.pool() + "' (configured: "
                        + String.join(", ", config.pools().keySet()) + ")");
            }
            positive(key + ".max-connections", f.maxConnections());
            if (f.retries() < 0 || f.retries() > 100) {
                throw new ConfigException(key + ".retries", "must be 0-100, got " + f.retries());
            }
            positive(key + ".connect-timeout", f.connectTimeout());
            positive(key + ".idle-timeout", f.idleTimeout());
            positive(key + ".client-fin-timeout", f.clientFinTimeout());
            positive(key + ".server-fin-timeout", f.serverFinTimeout());
            positive(key + ".udp.session-timeout", f.udp().sessionTimeout());
            positive(key + ".udp.max-sessions", f.udp().maxSessions());
            positive(key + ".request-timeout", f.requestTimeout());
            if (f.stickyCookie().filter(c -> !c.isBlank() && !c.matches("[A-Za-z0-9_\\-.]{1,64}")).isPresent()) {
                throw new ConfigException(key + ".sticky-cookie", "bad cookie name '" + f.stickyCookie().get()
                        + "' (1-64 of A-Z a-z 0-9 _ - .)");
            }
        }
        positive("lb.experiment.max-duration", config.experiment().maxDuration());
    }

    private static void validatePool(String key, LbConfig.Pool p) {
        if (Algorithm.byId(p.algorithm()).isEmpty()) {
            throw new ConfigException(key + ".algorithm", "unknown algorithm '" + p.algorithm() + "' (expected one of "
                    + Algorithm.expected() + ")");
        }
        List<String> backends = p.backends().orElse(List.of());
        if (backends.isEmpty()) {
            throw new ConfigException(key + ".backends", "pool has no backends (expected host:port[@weight],...)");
        }
        Set<String> seen = new HashSet<>();
        for (String b : backends) {
            try {
                BackendSpec spec = BackendSpec.parse(b);
                if (!seen.add(spec.address().toString())) {
                    throw new ConfigException(key + ".backends", "duplicate backend " + spec.address());
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key + ".backends", e.getMessage());
            }
        }
        try {
            ProxyProtocolMode.parse(p.proxyProtocol());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ".proxy-protocol", e.getMessage());
        }
        if (p.maxConnectionsPerBackend() < 0) {
            throw new ConfigException(key + ".max-connections-per-backend", "must be >= 0 (0 = unlimited)");
        }
        LbConfig.Health h = p.health();
        try {
            checkType(h.type());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ".health.type", e.getMessage());
        }
        positive(key + ".health.interval", h.interval());
        positive(key + ".health.timeout", h.timeout());
        positive(key + ".health.rise", h.rise());
        positive(key + ".health.fall", h.fall());
        if (h.port() < 0 || h.port() > 65535) {
            throw new ConfigException(key + ".health.port", "port " + h.port() + " out of range (0-65535)");
        }
        if (h.passiveFall() < 0) {
            throw new ConfigException(key + ".health.passive-fall", "must be >= 0 (0 = off)");
        }
    }

    public static HealthPolicy.CheckType checkType(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "tcp" -> HealthPolicy.CheckType.TCP;
            case "udp" -> HealthPolicy.CheckType.UDP;
            case "none", "off" -> HealthPolicy.CheckType.NONE;
            default -> throw new IllegalArgumentException("unknown check type '" + text + "' (expected tcp, udp or none)");
        };
    }

    private static void positive(String key, int value) {
        if (value <= 0) {
            throw new ConfigException(key, "must be > 0, got " + value);
        }
    }

    private static void positive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new ConfigException(key, "must be > 0, got " + value);
        }
    }
}
