package dev.l4lab.lb.metrics;

import dev.l4lab.lb.frontend.Drop;
import dev.l4lab.lb.frontend.Frontend;
import dev.l4lab.lb.frontend.FrontendStats;
import dev.l4lab.lb.net.ConnectFailure;
import dev.l4lab.lb.pool.Backend;
import dev.l4lab.lb.pool.BackendState;
import dev.l4lab.lb.pool.Pool;
import dev.l4lab.lb.pool.PoolListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Prometheus meters per frontend and per backend. They read the counters the data path already keeps,
 * so the hot path pays nothing extra.
 */
@Singleton
public class LbMetrics implements PoolListener {

    private final MeterRegistry registry;
    private final Map<Backend, List<Meter>> backendMeters = new ConcurrentHashMap<>();

    public LbMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void watch(Frontend fe) {
        Tags tags = Tags.of("frontend", fe.name(), "protocol", fe.protocol().id());
        FrontendStats s = fe.stats();
        gauge("lb_frontend_active", "open TCP connections or UDP sessions", tags, s.active);
        Gauge.builder("lb_frontend_limit", fe, Frontend::limit).description("max-connections or max-sessions in force")
                .tags(tags).register(registry);
        counter("lb_frontend_total", "accepted TCP connections or created UDP sessions", tags, s.total);
        for (Drop d : Drop.values()) {
            FunctionCounter.builder("lb_frontend_dropped", s, x -> x.drops(d))
                    .description("connections refused or closed, or datagrams dropped, by reason")
                    .tags(tags.and("reason", d.reason())).register(registry);
        }
        drops("lb_frontend_rejected_at_limit", "refused at max-connections / max-sessions", tags, s, Drop.LIMIT);
        drops("lb_frontend_no_backend", "closed or dropped: no backend available", tags, s, Drop.NO_BACKEND);
        counter("lb_frontend_timeouts", "closed by idle / fin timeouts, or UDP sessions expired", tags, s.idleClosed);
        drops("lb_frontend_foreign_dropped", "UDP datagrams from a source other than the session's backend, dropped",
                tags, s, Drop.FOREIGN_SOURCE);
        FunctionCounter.builder("lb_frontend_bytes_in", s.bytesIn, LongAdder::sum).description("bytes from clients")
                .tags(tags).register(registry);
        FunctionCounter.builder("lb_frontend_bytes_out", s.bytesOut, LongAdder::sum).description("bytes to clients")
                .tags(tags).register(registry);
    }

    public void watch(Pool pool) {
        pool.addListener(this);
        pool.backends().forEach(b -> backendAdded(pool, b));
    }

    @Override
    public void backendAdded(Pool pool, Backend b) {
        Tags tags = Tags.of("pool", pool.name(), "backend", b.name());
        List<Meter> meters = new ArrayList<>();
        meters.add(Gauge.builder("lb_backend_up", b, x -> x.state() == BackendState.UP ? 1 : 0)
                .description("1 when the backend takes new connections").tags(tags).register(registry));
        meters.add(Gauge.builder("lb_backend_active", b, Backend::activeConnections)
                .description("active connections / pinned UDP sessions").tags(tags).register(registry));
        meters.add(Gauge.builder("lb_backend_weight", b, Backend::weight).tags(tags).register(registry));
        meters.add(FunctionCounter.builder("lb_backend_connections", b, Backend::totalConnections)
                .description("connections, UDP sessions or per-packet datagrams sent").tags(tags).register(registry));
        meters.add(FunctionCounter.builder("lb_backend_bytes_in", b, Backend::bytesIn).tags(tags).register(registry));
        meters.add(FunctionCounter.builder("lb_backend_bytes_out", b, Backend::bytesOut).tags(tags).register(registry));
        meters.add(FunctionCounter.builder("lb_backend_failures", b, Backend::failures)
                .description("failed connects").tags(tags).register(registry));
        // every word at 0 from the start, so a rate() or an alert on a reason sees the series before it first fails
        for (ConnectFailure why : ConnectFailure.values()) {
            meters.add(FunctionCounter.builder("lb_backend_connect_failures", b, x -> x.failures(why))
                    .description("failed connects by reason (probe-service's reason words)")
                    .tags(tags.and("reason", why.word())).register(registry));
        }
        backendMeters.put(b, meters);
    }

    @Override
    public void backendRemoved(Pool pool, Backend b) {
        List<Meter> meters = backendMeters.remove(b);
        if (meters != null) {
            meters.forEach(registry::remove);
        }
    }

    private void gauge(String name, String help, Tags tags, AtomicLong value) {
        Gauge.builder(name, value, AtomicLong::get).description(help).tags(tags).register(registry);
    }

    /** The same count as lb_frontend_dropped{reason}, under its older name. */
    private void drops(String name, String help, Tags tags, FrontendStats s, Drop d) {
        FunctionCounter.builder(name, s, x -> x.drops(d)).description(help).tags(tags).register(registry);
    }

    private void counter(String name, String help, Tags tags, AtomicLong value) {
        FunctionCounter.builder(name, value, AtomicLong::get).description(help).tags(tags).register(registry);
    }
}
