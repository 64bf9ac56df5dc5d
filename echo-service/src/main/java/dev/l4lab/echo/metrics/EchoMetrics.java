package dev.l4lab.echo.metrics;

import dev.l4lab.echo.connections.ListenerKind;
import dev.l4lab.echo.connections.Refusal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every Micrometer meter of the service, created once so the hot paths only increment.
 * Prometheus names: echo_connections_active, echo_connections_total, echo_connections_refused_total,
 * echo_connections_aborted_total, echo_bytes_received_total, echo_bytes_sent_total,
 * echo_datagrams_received_total, echo_datagrams_sent_total, echo_datagrams_dropped_total,
 * echo_proxy_rejects_total, echo_faults_injected_total.
 */
@ApplicationScoped
public class EchoMetrics {

    private final MeterRegistry registry;
    private final Map<ListenerKind, AtomicInteger> active = new EnumMap<>(ListenerKind.class);
    private final Map<ListenerKind, Counter> accepted = new EnumMap<>(ListenerKind.class);
    private final Map<ListenerKind, Counter> bytesIn = new EnumMap<>(ListenerKind.class);
    private final Map<ListenerKind, Counter> bytesOut = new EnumMap<>(ListenerKind.class);
    private final Map<String, Counter> tagged = new ConcurrentHashMap<>();
    private final Counter datagramsIn;
    private final Counter datagramsOut;
    private final Counter udpBytesIn;
    private final Counter udpBytesOut;

    public EchoMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (ListenerKind kind : ListenerKind.values()) {
            String l = kind.label();
            active.put(kind, registry.gauge("echo.connections.active", Tags.of("listener", l), new AtomicInteger()));
            accepted.put(kind, Counter.builder("echo.connections").tag("listener", l)
                .description("TCP connections accepted").register(registry));
            bytesIn.put(kind, Counter.builder("echo.bytes.received").tag("listener", l)
                .description("bytes read from clients").register(registry));
            bytesOut.put(kind, Counter.builder("echo.bytes.sent").tag("listener", l)
                .description("bytes written to clients").register(registry));
        }
        udpBytesIn = Counter.builder("echo.bytes.received").tag("listener", "udp-echo").register(registry);
        udpBytesOut = Counter.builder("echo.bytes.sent").tag("listener", "udp-echo").register(registry);
        datagramsIn = Counter.builder("echo.datagrams.received").register(registry);
        datagramsOut = Counter.builder("echo.datagrams.sent").description("datagrams actually sent").register(registry);
    }

    public void connectionOpened(ListenerKind kind) {
        accepted.get(kind).increment();
        active.get(kind).incrementAndGet();
    }

    public void connectionClosed(ListenerKind kind) {
        active.get(kind).decrementAndGet();
    }

    public void bytesIn(ListenerKind kind, int n) {
        bytesIn.get(kind).increment(n);
    }

    public void bytesOut(ListenerKind kind, int n) {
        bytesOut.get(kind).increment(n);
    }

    /** A connection was accepted by the kernel and closed at once, without data. */
    public void connectionRefused(ListenerKind kind, Refusal reason) {
        counter("echo.connections.refused", "listener", kind.label(), "reason", reason.label()).increment();
    }

    /** A connection closed before it had echoed everything it was sent; reason: "drain-timeout". */
    public void connectionAborted(ListenerKind kind, String reason) {
        counter("echo.connections.aborted", "listener", kind.label(), "reason", reason).increment();
    }

    public void datagramIn(int bytes) {
        datagramsIn.increment();
        udpBytesIn.increment(bytes);
    }

    public void datagramOut(int bytes) {
        datagramsOut.increment();
        udpBytesOut.increment(bytes);
    }

    public void datagramDropped(DatagramDrop reason) {
        counter("echo.datagrams.dropped", "reason", reason.label(), null, null).increment();
    }

    /** A PROXY header was rejected and its connection closed; reason is a coarse, stable label. */
    public void proxyReject(ListenerKind kind, String reason) {
        counter("echo.proxy.rejects", "listener", kind.label(), "reason", reason).increment();
    }

    /** kind: latency, udp-drop, tcp-reset, blackhole, max-connections. */
    public void faultInjected(String kind) {
        counter("echo.faults.injected", "kind", kind, null, null).increment();
    }

    private Counter counter(String name, String k1, String v1, String k2, String v2) {
        String key = name + '|' + v1 + '|' + v2;
        return tagged.computeIfAbsent(key, unused -> {
            Counter.Builder b = Counter.builder(name).tag(k1, v1);
            if (k2 != null) {
                b.tag(k2, v2);
            }
            return b.register(registry);
        });
    }
}
