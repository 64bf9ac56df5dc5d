package dev.l4lab.probe.blackbox;

import dev.l4lab.probe.config.ProbeConfig;
import dev.l4lab.probe.error.ProbeException;
import dev.l4lab.probe.exec.BlockingExecutor;
import dev.l4lab.probe.guard.Calls;
import dev.l4lab.probe.metrics.ProbeMetrics;
import dev.l4lab.probe.net.AddressText;
import dev.l4lab.probe.net.FailureReason;
import dev.l4lab.probe.policy.DnsFailure;
import dev.l4lab.probe.policy.ResolvedTarget;
import dev.l4lab.probe.policy.TargetPolicy;
import dev.l4lab.probe.udp.UdpProber;
import dev.l4lab.probe.v1.PortState;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * GET /probe's work: the exporter's handler (module, timeout, probe_success, probe_duration_seconds)
 * around its tcp prober and a udp prober it does not have. Runs through {@link Calls} like every other
 * operation (a concurrency slot per probe, outcome counted), and resolves through the target policy.
 */
@ApplicationScoped
public class BlackboxProbes {

    private static final byte[] DEFAULT_UDP_PAYLOAD = "l4\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final Map<String, ProbeConfig.Module> modules;
    private final double timeoutOffsetSeconds;
    private final Calls calls;
    private final TargetPolicy policy;
    private final BlockingExecutor executor;
    private final UdpProber udpProber;
    private final Vertx vertx;
    private final ProbeMetrics metrics;

    public BlackboxProbes(ProbeConfig config, Calls calls, TargetPolicy policy, BlockingExecutor executor,
                          UdpProber udpProber, Vertx vertx, ProbeMetrics metrics) {
        this.modules = new TreeMap<>(config.blackbox().modules());
        this.timeoutOffsetSeconds = config.blackbox().timeoutOffsetSeconds();
        this.calls = calls;
        this.policy = policy;
        this.executor = executor;
        this.udpProber = udpProber;
        this.vertx = vertx;
        this.metrics = metrics;
    }

    /** A checked /probe call: the module, the target and the timeout to give it. */
    record Job(String moduleName, ProbeConfig.Module module, ProbeTarget target, double timeoutSeconds) {
    }

    /** The answer: the report and the module's configuration for the debug page. */
    record Answer(ProbeReport report, String moduleYaml) {
    }

    Uni<Answer> probe(String client, String moduleName, String target, String scrapeTimeoutHeader) {
        return calls.unary("Probe", client, () -> check(moduleName, target, scrapeTimeoutHeader), (req, slot) -> run(req))
                .invoke(a -> metrics.result("Probe", a.report().state == null ? "NONE" : a.report().state.name()));
    }

    private Job check(String moduleName, String target, String scrapeTimeoutHeader) {
        if (moduleName == null || moduleName.isEmpty()) {
            throw ProbeException.invalid("module", "is required (one of " + modules.keySet() + ")");
        }
        ProbeConfig.Module module = modules.get(moduleName);
        if (module == null) {
            throw ProbeException.invalid("module", "unknown module \"" + abbreviate(moduleName) + "\" (configured: "
                    + modules.keySet() + ")");
        }
        ProbeTarget t = ProbeTarget.parse(target);
        return new Job(moduleName, module, t, timeoutSeconds(module, scrapeTimeoutHeader));
    }

    /** The exporter's getTimeout: the module's timeout, capped by Prometheus' scrape timeout minus the offset. */
    private double timeoutSeconds(ProbeConfig.Module module, String header) {
        double scrape = 0;
        if (header != null && !header.isEmpty()) {
            try {
                scrape = Double.parseDouble(header);
            } catch (NumberFormatException e) {
                throw ProbeException.invalid("X-Prometheus-Scrape-Timeout-Seconds", "'" + abbreviate(header)
                        + "' is not a number");
            }
        }
        if (scrape <= 0 || Double.isNaN(scrape)) {
            scrape = 120;
        }
        double max = scrape - timeoutOffsetSeconds;
        double configured = module.timeout().toMillis() / 1000.0;
        return (configured < max && configured > 0) || max < 0 ? configured : max;
    }

    private Uni<Answer> run(Job req) {
        ProbeLog log = new ProbeLog(req.moduleName(), req.target().text());
        ProbeReport report = new ProbeReport(log);
        String prober = req.module().prober().name().toLowerCase(Locale.ROOT);
        log.info("main.go", "Beginning probe", "probe", prober, "timeout_seconds", GoFloat.format(req.timeoutSeconds()));
        long start = System.nanoTime();
        long deadline = start + (long) (req.timeoutSeconds() * 1e9);
        Uni<ProbeReport> work = executor.run(() -> resolve(req, report))
                .onItem().transformToUni(address -> address == null ? Uni.createFrom().item(report)
                        : req.module().prober() == ProbeConfig.Prober.TCP
                        ? TcpQueryResponse.run(vertx, executor, address, req.target().port(),
                                req.module().tcp().queryResponse().orElse(List.of()), report, deadline)
                        : udp(req, address, report, deadline));
        return work.map(r -> {
            r.durationSeconds = (System.nanoTime() - start) / 1e9;
            if (r.success) {
                log.info("main.go", "Probe succeeded", "duration_seconds", GoFloat.format(r.durationSeconds));
            } else {
                log.error("main.go", "Probe failed", "duration_seconds", GoFloat.format(r.durationSeconds));
            }
            return new Answer(r, ModuleYaml.of(req.module()));
        });
    }

    /** Blocking (DNS). The address to probe, or null when the probe already failed. */
    private InetAddress resolve(Job req, ProbeReport report) {
        boolean tcp = req.module().prober() == ProbeConfig.Prober.TCP;
        ProbeConfig.IpProtocol preferred = tcp ? req.module().tcp().preferredIpProtocol()
                : req.module().udp().preferredIpProtocol();
        boolean fallback = tcp ? req.module().tcp().ipProtocolFallback() : req.module().udp().ipProtocolFallback();
        String caller = tcp ? "tcp.go" : "udp.go";
        report.resolving = true;
        report.regexGauge = tcp || req.module().udp().expect().isPresent();
        report.log.info(caller, "Resolving target address", "target", req.target().host(), "ip_protocol",
                preferred.name().toLowerCase(Locale.ROOT));
        long start = System.nanoTime();
        ResolvedTarget resolved;
        try {
            resolved = policy.resolve(req.target().host()); // PERMISSION_DENIED propagates: 403, as everywhere
        } catch (DnsFailure e) {
            report.dnsSeconds = (System.nanoTime() - start) / 1e9;
            report.phases.put("resolve", report.dnsSeconds);
            report.state = PortState.DNS_FAILURE;
            report.log.error(caller, "Resolution with IP protocol failed", "target", req.target().host(), "err",
                    e.getMessage());
            report.fail(FailureReason.DNS);
            return null;
        }
        report.dnsSeconds = (System.nanoTime() - start) / 1e9;
        report.phases.put("resolve", report.dnsSeconds);
        InetAddress chosen = IpChoice.choose(resolved.addresses(), preferred, fallback);
        if (chosen == null) {
            report.state = PortState.DNS_FAILURE;
            report.log.error(caller, "Resolution with IP protocol failed", "target", req.target().host(), "err",
                    "unable to find ip; no fallback");
            report.fail(FailureReason.DNS);
            return null;
        }
        report.ipProtocol = IpChoice.protocol(chosen);
        report.ipHash = IpChoice.hash(chosen);
        report.log.info(caller, "Resolved target address", "target", req.target().host(), "ip", AddressText.of(chosen));
        return chosen;
    }

    /** The udp prober: one datagram over a connected socket; a reply (matching expect, when set) succeeds. */
    private Uni<ProbeReport> udp(Job req, InetAddress address, ProbeReport report, long deadline) {
        ProbeConfig.Udp udp = req.module().udp();
        byte[] payload = udp.payload().filter(p -> !p.isEmpty()).map(p -> p.getBytes(StandardCharsets.ISO_8859_1))
                .orElse(DEFAULT_UDP_PAYLOAD);
        int timeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (deadline - System.nanoTime()) / 1_000_000L));
        return executor.run(() -> {
            report.log.debug("udp.go", "Sending datagram", "bytes", payload.length);
            return udpProber.probe(address, req.target().port(), payload, timeoutMs);
        }).onItem().transformToUni(o -> {
            report.state = o.state();
            if (o.state() != PortState.OPEN) {
                report.log.error("udp.go", "No reply", "state", o.state().name(), "err", o.error());
                return Uni.createFrom().item(report.fail(o.reason()));
            }
            report.phases.put("roundtrip", o.rttMs() / 1000);
            report.log.info("udp.go", "Reply received", "bytes", o.reply().length);
            if (udp.expect().isEmpty()) {
                report.success = true;
                return Uni.createFrom().item(report);
            }
            return executor.match(() -> udp.expect().get().find(o.reply(), o.reply().length)).map(found -> {
                if (found) {
                    report.log.info("udp.go", "Regexp matched", "regexp", udp.expect().get().pattern());
                    report.success = true;
                    return report;
                }
                report.failedDueToRegex = true;
                report.log.error("udp.go", "Regexp did not match", "regexp", udp.expect().get().pattern());
                return report.fail(FailureReason.REGEX);
            });
        });
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }
}
