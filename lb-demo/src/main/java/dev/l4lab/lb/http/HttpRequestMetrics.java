package dev.l4lab.lb.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-backend L7 request metrics: lb_http_requests_seconds{frontend,backend,status="2xx".."5xx"} (a timer, so
 * Prometheus gets the count by status class and the latency). backend="none" for requests that reached no backend.
 */
@Singleton
public class HttpRequestMetrics {

    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public HttpRequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String frontend, String backend, int status, long nanos) {
        String statusClass = (status / 100) + "xx";
        String key = frontend + '|' + backend + '|' + statusClass;
        Timer t = timers.get(key);
        if (t == null) {
            t = timers.computeIfAbsent(key, k -> Timer.builder("lb_http_requests")
                    .description("L7 requests by backend and status class, with latency")
                    .tags("frontend", frontend, "backend", backend, "status", statusClass)
                    .register(registry));
        }
        t.record(nanos, TimeUnit.NANOSECONDS);
    }
}
