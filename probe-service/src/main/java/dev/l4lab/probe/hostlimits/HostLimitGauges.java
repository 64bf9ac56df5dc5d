package dev.l4lab.probe.hostlimits;

import dev.l4lab.probe.v1.HostLimitsResponse;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.jboss.logging.Logger;

/**
 * What HostLimits reports about this network namespace, as gauges for alerting:
 * probe_host_tcp_time_wait_sockets, probe_host_ephemeral_ports_in_use and
 * probe_host_ephemeral_ports_range_size. Open files need no gauge here: Micrometer's
 * process_files_open_files and process_files_max_files already say it for every service.
 */
@ApplicationScoped
public class HostLimitGauges {

    private static final Logger LOG = Logger.getLogger(HostLimitGauges.class);
    /** Reading /proc/net/tcp costs a pass over every socket (tens of thousands after a churn): not per scrape. */
    static final long REFRESH_SECONDS = 5;

    private final HostLimitsReader reader;
    private final MeterRegistry registry;
    private volatile HostLimitsResponse latest;
    private ScheduledExecutorService refresher;

    public HostLimitGauges(HostLimitsReader reader, MeterRegistry registry) {
        this.reader = reader;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        gauge("probe.host.tcp.time.wait", "sockets", "TCP sockets in TIME-WAIT in this network namespace "
                + "(/proc/net/sockstat tw); each holds its local port for 60 s", r -> r.getTimeWait());
        gauge("probe.host.ephemeral.ports.in.use", null, "Ports of net.ipv4.ip_local_port_range held by TCP sockets "
                + "(any state, TIME-WAIT included); connect() fails with EADDRNOTAVAIL when none is left",
                r -> r.getEphemeralPortsInUse());
        gauge("probe.host.ephemeral.ports.range.size", null, "Ports in net.ipv4.ip_local_port_range",
                r -> r.getEphemeralPortsTotal());
        // The /proc reads are blocking: on a thread of their own, never on an event loop or a scrape.
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "probe-host-gauges");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::refresh, 0, REFRESH_SECONDS, TimeUnit.SECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    private void refresh() {
        try {
            latest = reader.read();
        } catch (RuntimeException e) {
            // Keep the last reading; an exception would cancel every later refresh.
            LOG.warnf("host limits not refreshed: %s", e.toString());
        }
    }

    private void gauge(String name, String unit, String help, ToDoubleFunction<HostLimitsResponse> value) {
        Gauge.builder(name, this, g -> g.latest == null ? Double.NaN : value.applyAsDouble(g.latest))
                .description(help).baseUnit(unit).register(registry);
    }
}
