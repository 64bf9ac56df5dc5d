package dev.l4lab.gateway.metrics;

import dev.l4lab.gateway.firewall.FirewallRule;
import dev.l4lab.gateway.impair.Direction;
import dev.l4lab.gateway.impair.LossRule;
import dev.l4lab.gateway.nat.ResolvedMapping;
import dev.l4lab.gateway.ruleset.GatewayController;
import dev.l4lab.gateway.ruleset.GatewayStatus;
import dev.l4lab.gateway.ruleset.NftScript;
import dev.l4lab.gateway.ruleset.RulesetApplied;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The kernel's counters as Prometheus metrics, read from the snapshot the controller refreshes every
 * gateway.metrics.refresh-interval (a scrape never runs a tool). Meters for rules, mappings and loss rules
 * follow the rule set: added and removed whenever a new one is applied.
 */
@ApplicationScoped
public class GatewayMetrics {

    /** Why the gateway's own rules dropped a packet, and the comment keys counting it. */
    private static final Map<String, List<String>> DROPS = Map.of(
            "invalid", List.of("drop:invalid-input", "drop:invalid-forward"),
            "admin-from-outside", List.of("drop:admin-from-outside"),
            "not-mapped", List.of("drop:input-other", "drop:forward-other"),
            "egress-blocked", List.of("drop:egress"));

    private final MeterRegistry registry;
    private final GatewayController controller;
    /** The meters that follow the rule set, by name and tags. */
    private final Map<String, Meter> dynamic = new HashMap<>();

    public GatewayMetrics(MeterRegistry registry, GatewayController controller) {
        this.registry = registry;
        this.controller = controller;
    }

    void onStart(@Observes StartupEvent event) {
        Gauge.builder("gateway.ready", controller, c -> c.status().phase() == GatewayStatus.Phase.READY ? 1 : 0)
                .description("1 once the rule set is in the kernel").register(registry);
        Gauge.builder("gateway.conntrack.entries", controller, GatewayController::conntrackCount)
                .description("conntrack entries in the gateway's namespace").register(registry);
        Gauge.builder("gateway.conntrack.max", controller, GatewayController::conntrackMax)
                .description("nf_conntrack_max: the table's limit").register(registry);
        DROPS.forEach((reason, keys) -> FunctionCounter.builder("gateway.dropped.packets", controller,
                        c -> keys.stream().mapToLong(k -> c.counter(k).packets()).sum())
                .tag("reason", reason).description("packets the gateway's fixed rules dropped, by reason").register(registry));
        FunctionCounter.builder("gateway.nat.masqueraded.connections", controller, c -> c.counter("masquerade").packets())
                .description("new connections MASQUERADEd onto the lab side").register(registry);
        FunctionCounter.builder("gateway.firewall.default.packets", controller,
                        c -> c.counter("sg:default").packets() + c.counter("sg:default-tcp").packets())
                .description("new connections that no rule matched (the default action took them)").register(registry);
    }

    synchronized void onApplied(@Observes RulesetApplied event) {
        Map<String, Registration> wanted = new HashMap<>();
        for (FirewallRule r : event.rules()) {
            String key = "sg:" + r.id();
            String[] tags = {"rule", Long.toString(r.id()), "action", r.action().text(), "protocol", r.protocol().kernelName(),
                "port", r.ports() == null ? "any" : r.ports().toString()};
            want(wanted, new Registration("gateway.firewall.rule.packets", "new connections a security-group rule matched",
                    c -> c.counter(key).packets(), tags));
            want(wanted, new Registration("gateway.firewall.rule.bytes", "bytes of the packets a security-group rule matched",
                    c -> c.counter(key).bytes(), tags));
        }
        for (ResolvedMapping m : event.mappings()) {
            String key = "map:" + m.mapping().name();
            want(wanted, new Registration("gateway.nat.mapped.connections", "new connections a port mapping translated (DNAT)",
                    c -> c.counter(key).packets(), "mapping", m.mapping().name(), "port", m.mapping().key()));
        }
        for (LossRule l : event.loss()) {
            for (Direction d : l.direction() == Direction.BOTH ? List.of(Direction.INBOUND, Direction.OUTBOUND) : List.of(l.direction())) {
                String key = NftScript.lossKey(d, l);
                want(wanted, new Registration("gateway.loss.dropped.packets", "packets the impaired link dropped on purpose",
                        c -> c.counter(key).packets(), "direction", d.text(), "protocol", l.protocolText()));
            }
        }
        dynamic.entrySet().removeIf(e -> {
            if (!wanted.containsKey(e.getKey())) {
                registry.remove(e.getValue());
                return true;
            }
            return false;
        });
        wanted.forEach((id, reg) -> dynamic.computeIfAbsent(id, k -> FunctionCounter.builder(reg.name(), controller, reg.value())
                .tags(reg.tags()).description(reg.description()).register(registry)));
    }

    private static void want(Map<String, Registration> wanted, Registration r) {
        wanted.put(r.name() + String.join(",", r.tags()), r);
    }

    /** A meter the current rule set wants: name, help text, how to read it from the snapshot, tags. */
    private record Registration(String name, String description, ToDoubleFunction<GatewayController> value, String... tags) {
    }
}
