package dev.l4lab.gateway.config;

import dev.l4lab.gateway.api.ApiException;
import dev.l4lab.gateway.firewall.RuleInput;
import dev.l4lab.gateway.firewall.RuleParser;
import dev.l4lab.gateway.nat.MappingParser;
import dev.l4lab.gateway.nat.PortMapping;
import dev.l4lab.gateway.net.Ipv4Cidr;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Fails start-up with a message naming every bad key. */
@ApplicationScoped
public class GatewayConfigValidator {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");

    void onStart(@Observes @Priority(1) StartupEvent event, GatewayConfig config) {
        List<String> problems = validate(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid gateway configuration: " + String.join("; ", problems));
        }
    }

    public static List<String> validate(GatewayConfig config) {
        List<String> problems = new ArrayList<>();
        GatewayConfig.Kernel k = config.kernel();
        k.netns().ifPresent(ns -> {
            if (!NAME.matcher(ns).matches()) {
                problems.add("gateway.kernel.netns must be a namespace name (letters, digits, _.-), got '" + ns + "'");
            }
        });
        if (!NAME.matcher(k.table()).matches()) {
            problems.add("gateway.kernel.table must be a table name (letters, digits, _.-), got '" + k.table() + "'");
        }
        range(problems, "gateway.kernel.worker-threads", k.workerThreads(), 1, 64);
        range(problems, "gateway.kernel.queue-size", k.queueSize(), 1, 10_000);
        range(problems, "gateway.kernel.max-output-bytes", k.maxOutputBytes(), 4096, 64 << 20);
        if (k.commandTimeout().isNegative() || k.commandTimeout().isZero() || k.commandTimeout().toSeconds() > 300) {
            problems.add("gateway.kernel.command-timeout must be more than 0 and at most 300s, got " + k.commandTimeout());
        }
        Ipv4Cidr outside = cidr(problems, "gateway.interfaces.outside-cidr", config.interfaces().outsideCidr());
        Ipv4Cidr lab = cidr(problems, "gateway.interfaces.lab-cidr", config.interfaces().labCidr());
        if (outside != null && lab != null && (outside.contains(lab.network()) || lab.contains(outside.network()))) {
            problems.add("gateway.interfaces.outside-cidr and lab-cidr overlap (" + outside + ", " + lab + ")");
        }
        range(problems, "gateway.firewall.max-rules", config.firewall().maxRules(), 1, 2000);
        List<GatewayConfig.Rule> rules = config.firewall().rules().orElse(List.of());
        if (rules.size() > config.firewall().maxRules()) {
            problems.add("gateway.firewall.rules has " + rules.size() + " rules, more than gateway.firewall.max-rules");
        }
        for (int i = 0; i < rules.size(); i++) {
            GatewayConfig.Rule r = rules.get(i);
            try {
                RuleParser.parse(new RuleInput(r.protocol().kernelName(), r.port().orElse(null), r.source(),
                        r.action().text(), r.description().orElse(null)), "", i + 1);
            } catch (ApiException e) {
                problems.add("gateway.firewall.rules[" + i + "]." + e.field() + ": " + e.getMessage());
            }
        }
        List<PortMapping> mappings = new ArrayList<>();
        List<GatewayConfig.Mapping> configured = config.nat().mappings().orElse(List.of());
        for (int i = 0; i < configured.size(); i++) {
            GatewayConfig.Mapping m = configured.get(i);
            try {
                mappings.add(MappingParser.parse(m.name(), m.protocol(), m.port(), m.to()));
            } catch (IllegalArgumentException e) {
                problems.add("gateway.nat.mappings[" + i + "]: " + e.getMessage());
            }
        }
        String dup = MappingParser.duplicate(mappings);
        if (dup != null) {
            problems.add("gateway.nat.mappings maps " + dup + " twice");
        }
        GatewayConfig.Conntrack c = config.conntrack();
        c.tcpEstablishedTimeout().ifPresent(v -> range(problems, "gateway.conntrack.tcp-established-timeout", v, 1, 864_000));
        c.udpTimeout().ifPresent(v -> range(problems, "gateway.conntrack.udp-timeout", v, 1, 86_400));
        c.udpStreamTimeout().ifPresent(v -> range(problems, "gateway.conntrack.udp-stream-timeout", v, 1, 86_400));
        range(problems, "gateway.conntrack.max-limit", c.maxLimit(), 1, 100_000);
        range(problems, "gateway.conntrack.default-limit", c.defaultLimit(), 1, c.maxLimit());
        range(problems, "gateway.impairment.max-loss-rules", config.impairment().maxLossRules(), 1, 64);
        GatewayConfig.Capture cap = config.capture();
        range(problems, "gateway.capture.max-concurrent", cap.maxConcurrent(), 1, 16);
        range(problems, "gateway.capture.max-packets", cap.maxPackets(), 1, 100_000);
        range(problems, "gateway.capture.max-seconds", cap.maxSeconds(), 1, 600);
        range(problems, "gateway.capture.max-snaplen", cap.maxSnaplen(), 64, 65_535);
        range(problems, "gateway.capture.default-snaplen", cap.defaultSnaplen(), 64, cap.maxSnaplen());
        range(problems, "gateway.capture.max-filter-length", cap.maxFilterLength(), 16, 4096);
        config.auth().token().ifPresent(t -> {
            if (t.isBlank() || t.length() < 8) {
                problems.add("gateway.auth.token must be at least 8 characters when set");
            }
        });
        if (config.metrics().refreshInterval().toMillis() < 500) {
            problems.add("gateway.metrics.refresh-interval must be at least 500ms, got " + config.metrics().refreshInterval());
        }
        return problems;
    }

    private static Ipv4Cidr cidr(List<String> problems, String key, String value) {
        try {
            return Ipv4Cidr.parse(value);
        } catch (IllegalArgumentException e) {
            problems.add(key + ": " + e.getMessage());
            return null;
        }
    }

    private static void range(List<String> problems, String key, long value, long min, long max) {
        if (value < min || value > max) {
            problems.add(key + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
