package dev.l4lab.lb.rest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * REST requests answered with an error, by status: lb_admin_rejected_total{status}. (Quarkus' own HTTP metrics come
 * with the Vert.x binder, which lb-demo turns off for the data path's sake.)
 */
@Singleton
public class RejectedRequests {

    private final MeterRegistry registry;
    private final Map<Integer, Counter> byStatus = new ConcurrentHashMap<>();

    public RejectedRequests(MeterRegistry registry) {
        this.registry = registry;
    }

    void count(int status) {
        byStatus.computeIfAbsent(status, s -> Counter.builder("lb_admin_rejected")
                .description("admin API requests answered with an error, by status")
                .tag("status", String.valueOf(s)).register(registry)).increment();
    }
}
