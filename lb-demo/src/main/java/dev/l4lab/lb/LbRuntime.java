package dev.l4lab.lb;

import dev.l4lab.lb.balance.Algorithm;
import dev.l4lab.lb.config.ConfigValidator;
import dev.l4lab.lb.config.LbConfig;
import dev.l4lab.lb.frontend.Frontend;
import dev.l4lab.lb.health.HealthChecker;
import dev.l4lab.lb.health.HealthPolicy;
import dev.l4lab.lb.http.HttpFrontend;
import dev.l4lab.lb.http.HttpRequestMetrics;
import dev.l4lab.lb.http.HttpSettings;
import dev.l4lab.lb.metrics.LbMetrics;
import dev.l4lab.lb.pool.BackendSpec;
import dev.l4lab.lb.pool.Pool;
import dev.l4lab.lb.pool.ProxyProtocolMode;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Builds pools and frontends from {@link LbConfig} at start-up and owns them.
 * The L7 frontend gets pools from here: {@link #pool(String)}.
 */
@Singleton
public class LbRuntime {

    private static final Logger LOG = Logger.getLogger(LbRuntime.class);

    private final LbConfig config;
    private final Vertx vertx;
    private final LbMetrics metrics;
    private final HttpRequestMetrics httpMetrics;
    private final Map<String, Pool> pools = new LinkedHashMap<>();
    private final Map<String, Frontend> frontends = new java.util.concurrent.ConcurrentHashMap<>();
    private HealthChecker health;

    public LbRuntime(LbConfig config, Vertx vertx, LbMetrics metrics, HttpRequestMetrics httpMetrics) {
        this.config = config;
        this.vertx = vertx;
        this.metrics = metrics;
        this.httpMetrics = httpMetrics;
    }

    void onStart(@Observes StartupEvent event) throws Exception {
        ConfigValidator.validate(config);
        health = new HealthChecker(vertx);
        config.pools().forEach((name, p) -> {
            Pool pool = new Pool(name, Algorithm.byId(p.algorithm()).orElseThrow(),
                    ProxyProtocolMode.parse(p.proxyProtocol()), p.maxConnectionsPerBackend(), policy(p.health()));
            metrics.watch(pool);
            p.backends().orElse(List.of()).forEach(b -> pool.add(BackendSpec.parse(b)));
            health.watch(pool);
            pools.put(name, pool);
        });
        int loops = config.eventLoops() > 0 ? config.eventLoops() : Runtime.getRuntime().availableProcessors();
        List<Future<Void>> started = new ArrayList<>();
        config.frontends().forEach((name, f) -> {
            Pool pool = pools.get(f.pool());
            Frontend fe = switch (f.protocol().toLowerCase(Locale.ROOT)) {
                case "udp" -> new UdpFrontend(vertx, name, f.bind(), f.port(), pool, UdpSettings.of(f.udp()));
                case "http" -> new HttpFrontend(vertx, name, f.bind(), f.port(), pool, HttpSettings.of(f), httpMetrics,
                        loops);
                default -> new TcpFrontend(vertx, name, f.bind(), f.port(), pool, TcpSettings.of(f), loops);
            };
            frontends.put(name, fe);
            metrics.watch(fe);
            started.add(fe.start());
        });
        Future.all(started).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        frontends.values().forEach(fe -> LOG.infof("frontend %s: %s %s:%d -> pool %s (%s)", fe.name(), fe.protocol(),
                fe.bindHost(), fe.port(), fe.pool().name(), fe.pool().algorithm().id()));
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
        HealthPolicy.CheckType type = ConfigValidator.checkType(h.type());
        // Without active checks nothing would bring a passively-downed backend back: passive marking is off too.
        int passiveFall = type == HealthPolicy.CheckType.NONE ? 0 : h.passiveFall();
        return new HealthPolicy(type, h.interval(), h.timeout(), h.rise(), h.fall(), h.port(), h.send(), h.expect(),
                passiveFall);
    }

    /**
     * Adds a frontend built elsewhere (the L7 listener) so it shows in GET /frontends, metrics and readiness.
     * Call before it starts accepting; it is not started here.
     */
    public synchronized void register(Frontend frontend) {
        if (frontends.putIfAbsent(frontend.name(), frontend) != null) {
            throw new IllegalArgumentException("frontend " + frontend.name() + " already exists");
        }
        metrics.watch(frontend);
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
