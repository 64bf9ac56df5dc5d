package dev.l4lab.lb.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-backend L7 request metrics: lb_http_requests_seconds{frontend,backend,status="1xx".."5xx"} (a timer, so
 * Prometheus gets the count by status class and the latency). backend="none" for requests that reached no backend.
 */
@Singleton
public class HttpRequestMetrics {

    private final MeterRegistry registry;

    public HttpRequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The recorder of one frontend; the hot path then costs one map lookup and one array index. */
    public ForFrontend forFrontend(String frontend) {
        return new ForFrontend(frontend);
    }

    public final class ForFrontend {
        private final String frontend;
        private final Map<String, Timer[]> byBackend = new ConcurrentHashMap<>();

        private ForFrontend(String frontend) {
            this.frontend = frontend;
        }

        public void record(String backend, int status, long nanos) {
            Timer[] timers = byBackend.computeIfAbsent(backend, b -> new Timer[6]);
            int statusClass = Math.max(1, Math.min(5, status / 100));
            Timer t = timers[statusClass];
            if (t == null) {
                // Registering is idempotent in Micrometer, so a race only registers the same meter twice.
                t = Timer.builder("lb_http_requests")
                        .description("L7 requests by backend and status class, with latency")
                        .tags("frontend", frontend, "backend", backend, "status", statusClass + "xx")
                        .register(registry);
                timers[statusClass] = t;
            }
            t.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
