package dev.l4lab.lb;

import dev.l4lab.lb.config.ConfigException;
import dev.l4lab.lb.config.ConfigValidator;
import dev.l4lab.lb.config.LbConfig;
import dev.l4lab.lb.frontend.Frontend;
import dev.l4lab.lb.health.HealthChecker;
import dev.l4lab.lb.http.HttpFrontend;
import dev.l4lab.lb.http.HttpRequestMetrics;
import dev.l4lab.lb.http.HttpSettings;
import dev.l4lab.lb.limits.HostResources;
import dev.l4lab.lb.limits.ResourcePlan;
import dev.l4lab.lb.metrics.LbMetrics;
import dev.l4lab.lb.policy.BackendPolicy;
import dev.l4lab.lb.policy.OwnListener;
import dev.l4lab.lb.pool.BackendSpec;
import dev.l4lab.lb.pool.HealthPolicy;
import dev.l4lab.lb.pool.Pool;
import dev.l4lab.lb.tcp.RelayBudget;
import dev.l4lab.lb.tcp.TcpFrontend;
import dev.l4lab.lb.tcp.TcpSettings;
import dev.l4lab.lb.udp.UdpFrontend;
import dev.l4lab.lb.udp.UdpSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/** Builds the pools and frontends from {@link LbConfig} at start-up, within the resource plan, and owns them. */
@Singleton
public class LbRuntime {

    private static final Logger LOG = Logger.getLogger(LbRuntime.class);
    static final String ADMIN_CONNECTIONS = "quarkus.http.limits.max-connections";

    private final LbConfig config;
    private final Config quarkusConfig;
    private final Vertx vertx;
    private final LbMetrics metrics;
    private final HttpRequestMetrics httpMetrics;
    private final Map<String, Pool> pools = new LinkedHashMap<>();
    private final Map<String, Frontend> frontends = new ConcurrentHashMap<>();
    private final BackendPolicy policy;
    private HealthChecker health;

    public LbRuntime(LbConfig config, Config quarkusConfig, Vertx vertx, LbMetrics metrics,
            HttpRequestMetrics httpMetrics) {
        this.config = config;
        this.quarkusConfig = quarkusConfig;
        this.vertx = vertx;
        this.metrics = metrics;
        this.httpMetrics = httpMetrics;
        this.policy = new BackendPolicy(config.backendPolicy().allowLinkLocal(), config.backendPolicy().allowSelf(),
                this::ownListeners);
    }

    void onStart(@Observes StartupEvent event) throws Exception {
        ConfigValidator.validate(config);
        int adminConnections = quarkusConfig.getOptionalValue(ADMIN_CONNECTIONS, Integer.class)
                .orElseThrow(() -> new ConfigException(ADMIN_CONNECTIONS, "must be set: the admin port's connections "
                        + "are part of the descriptor budget"));
        ResourcePlan plan = ResourcePlan.of(config, HostResources.current(), adminConnections);
        LOG.info(plan.summary());
        config.pools().forEach((name, p) -> p.backends().forEach(b -> {
            try {
                policy.check(b.address(), reachedOverTcp(name));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("lb.pools." + name + ".backends", e.getMessage());
            }
        }));
        health = new HealthChecker(vertx);
        config.pools().forEach((name, p) -> {
            Pool pool = new Pool(name, p.algorithm(), p.proxyProtocol(), p.maxConnectionsPerBackend(), policy(p.health()));
            metrics.watch(pool);
            p.backends().forEach(pool::add);
            health.watch(pool);
            pools.put(name, pool);
        });
        int loops = config.eventLoops() > 0 ? config.eventLoops() : Runtime.getRuntime().availableProcessors();
        List<Future<Void>> started = new ArrayList<>();
        config.frontends().forEach((name, f) -> {
            Pool pool = pools.get(f.pool());
            ResourcePlan.FrontendLimit limit = plan.limit(name);
            Frontend fe = switch (f.protocol()) {
                case UDP -> new UdpFrontend(vertx, name, f.bind(), f.port(), pool, UdpSettings.of(f.udp(), limit.value()));
                case HTTP -> new HttpFrontend(vertx, name, f.bind(), f.port(), pool, HttpSettings.of(f, limit.value()),
                        httpMetrics, loops);
                case TCP -> new TcpFrontend(vertx, name, f.bind(), f.port(), pool, TcpSettings.of(f, limit.value()),
                        new RelayBudget(limit.relayBytes(), limit.value()), loops);
            };
            frontends.put(name, fe);
            metrics.watch(fe);
            started.add(fe.start());
        });
        Future.all(started).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        frontends.values().forEach(fe -> LOG.infof("frontend %s: %s %s:%d -> pool %s (%s), limit %d", fe.name(),
                fe.protocol().id(), fe.bindHost(), fe.port(), fe.pool().name(), fe.pool().algorithm().id(), fe.limit()));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (health != null) {
            health.stop();
        }
        List<Future<Void>> stopped = new ArrayList<>();
        frontends.values().forEach(fe -> stopped.add(fe.stop()));
        try {
            Future.all(stopped).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debugf("stopping frontends: %s", e.getMessage());
        }
    }

    private static HealthPolicy policy(LbConfig.Health h) {
        // Without active checks nothing would bring a passively-downed backend back: passive marking is off too.
        int passiveFall = h.type() == HealthPolicy.CheckType.NONE ? 0 : h.passiveFall();
        return new HealthPolicy(h.type(), h.interval(), h.timeout(), h.rise(), h.fall(), h.port(), h.send(), h.expect(),
                passiveFall);
    }

    /** A pool is reached over UDP only when UDP frontends are all that use it. */
    private boolean reachedOverTcp(String pool) {
        return config.frontends().values().stream().filter(f -> f.pool().equals(pool))
                .anyMatch(f -> f.protocol().onTcp())
                || config.frontends().values().stream().noneMatch(f -> f.pool().equals(pool));
    }

    /** Every socket lb-demo listens on, with the bound port once bound (the configured one before). */
    private List<OwnListener> ownListeners() {
        List<OwnListener> out = new ArrayList<>();
        config.frontends().forEach((name, f) -> {
            Frontend fe = frontends.get(name);
            int port = fe != null && fe.bound() ? fe.port() : f.port();
            out.add(new OwnListener(name, f.protocol().onTcp(), f.bind(), port));
        });
        out.add(new OwnListener("admin", true, quarkusConfig.getOptionalValue("quarkus.http.host", String.class)
                .orElse("0.0.0.0"), quarkusConfig.getOptionalValue("quarkus.http.port", Integer.class).orElse(8080)));
        return out;
    }

    /**
     * Adds a backend at run time, after the backend policy (blocking: it may resolve a name).
     *
     * @throws IllegalArgumentException when the policy refuses the address
     */
    public Pool.Added addBackend(Pool pool, BackendSpec spec) {
        policy.check(spec.address(), reachedOverTcp(pool.name()));
        return pool.add(spec);
    }

    public Map<String, Pool> pools() {
        return pools;
    }

    public Optional<Pool> pool(String name) {
        return Optional.ofNullable(pools.get(name));
    }

    public Map<String, Frontend> frontends() {
        return frontends;
    }

    public Optional<Frontend> frontend(String name) {
        return Optional.ofNullable(frontends.get(name));
    }

    /** Bound port of a frontend (tests use it with port 0). */
    public int port(String frontend) {
        return frontend(frontend).map(Frontend::port).orElse(-1);
    }

    public boolean allBound() {
        return !frontends.isEmpty() && frontends.values().stream().allMatch(Frontend::bound);
    }
}
