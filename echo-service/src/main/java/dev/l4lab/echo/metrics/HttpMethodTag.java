package dev.l4lab.echo.metrics;

import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * Keeps the {@code method} tag of the HTTP server metrics (http_server_requests_seconds and friends, on both
 * HTTP ports) to the standard methods, anything else as OTHER. The tag is the request's method token as sent,
 * so without this every made-up method ("AAAA", "AAAB", ...) would register new meters for good: memory and
 * /q/metrics growing with what clients send.
 */
@Singleton
public class HttpMethodTag {

    static final Set<String> STANDARD = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE",
        "PATCH");

    @Produces
    @Singleton
    MeterFilter standardMethodsOnly() {
        return MeterFilter.replaceTagValues("method", m -> STANDARD.contains(m) ? m : "OTHER");
    }
}
