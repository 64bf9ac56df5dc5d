package dev.l4lab.probe.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The checks that span several keys (single values are checked when the mapping loads). The start-up
 * check that also weighs the limits against the heap and the open-files limit is limits.StartupChecks.
 */
public final class ProbeConfigValidator {

    private ProbeConfigValidator() {
    }

    public static List<String> validate(ProbeConfig config) {
        List<String> problems = new ArrayList<>();
        ProbeConfig.Limits l = config.limits();
        if (l.maxConcurrentPerClient() > l.maxConcurrent()) {
            problems.add("probe.limits.max-concurrent-per-client (" + l.maxConcurrentPerClient()
                    + ") must not exceed probe.limits.max-concurrent (" + l.maxConcurrent() + ")");
        }
        if (l.maxScanSockets() < l.maxScanConcurrency()) {
            problems.add("probe.limits.max-scan-sockets (" + l.maxScanSockets() + ") must be at least "
                    + "probe.limits.max-scan-concurrency (" + l.maxScanConcurrency() + "), or one scan could never "
                    + "reach its concurrency");
        }
        config.blackbox().modules().forEach((name, m) -> {
            String key = "probe.blackbox.modules." + name;
            if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
                problems.add(key + ": a module name is 1-64 letters, digits, '_', '.' or '-'");
            }
            if (m.prober() == ProbeConfig.Prober.TCP && (m.udp().payload().isPresent() || m.udp().expect().isPresent())) {
                problems.add(key + ".udp.* is set but " + key + ".prober is tcp");
            }
            if (m.prober() == ProbeConfig.Prober.UDP && m.tcp().queryResponse().isPresent()) {
                problems.add(key + ".tcp.query-response is set but " + key + ".prober is udp");
            }
            m.udp().payload().ifPresent(p -> {
                if (p.length() > l.maxPayloadBytes()) {
                    problems.add(key + ".udp.payload is " + p.length() + " bytes, more than probe.limits.max-payload-bytes ("
                            + l.maxPayloadBytes() + ")");
                }
            });
        });
        return problems;
    }
}
