package dev.l4lab.gateway.ruleset;

import dev.l4lab.gateway.api.ApiException;
import dev.l4lab.gateway.config.GatewayConfig;
import dev.l4lab.gateway.conntrack.ConntrackSettings;
import dev.l4lab.gateway.conntrack.SettingsInput;
import dev.l4lab.gateway.firewall.FirewallRule;
import dev.l4lab.gateway.firewall.RuleInput;
import dev.l4lab.gateway.firewall.RuleParser;
import dev.l4lab.gateway.firewall.SecurityGroup;
import dev.l4lab.gateway.impair.Impairment;
import dev.l4lab.gateway.impair.Netem;
import dev.l4lab.gateway.impair.NetemSupport;
import dev.l4lab.gateway.kernel.CommandRunner;
import dev.l4lab.gateway.kernel.GatewayInterfaces;
import dev.l4lab.gateway.kernel.InterfaceDiscovery;
import dev.l4lab.gateway.kernel.NetnsGuard;
import dev.l4lab.gateway.kernel.Sysctls;
import dev.l4lab.gateway.kernel.ToolFailure;
import dev.l4lab.gateway.nat.MappingParser;
import dev.l4lab.gateway.nat.PortMapping;
import dev.l4lab.gateway.nat.ResolvedMapping;
import dev.l4lab.gateway.net.Ipv4Cidr;
import dev.l4lab.gateway.ruleset.GatewayStatus.Phase;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The gateway's desired state (security group, mappings, impaired link, conntrack settings) and the one place
 * that puts it into the kernel. Every change renders the whole table and applies it as one nft transaction;
 * the state here changes only after the kernel accepted it, so a refused change leaves both as they were.
 * Methods that touch the kernel run on worker threads (the kernel pool or the start-up thread), one at a time.
 */
@ApplicationScoped
public class GatewayController {

    private static final Logger LOG = Logger.getLogger(GatewayController.class);

    private final GatewayConfig config;
    private final CommandRunner runner;
    private final NftTable nft;
    private final int adminPort;
    private final Event<RulesetApplied> applied;
    private final ConntrackTuning tuning;
    private final ScheduledExecutorService scheduler;

    private volatile GatewayStatus status = new GatewayStatus(Phase.STARTING, "starting", null, null, null, 0);
    private volatile Map<String, Counter> counters = Map.of();
    private volatile NetemSupport netem = new NetemSupport(false, "not detected yet");
    private volatile long conntrackCount = -1;
    private volatile long conntrackMax = -1;
    // guarded by this
    private NetnsGuard.Verdict verdict;
    private GatewayInterfaces interfaces;
    private List<ResolvedMapping> mappings = List.of();
    private SecurityGroup securityGroup;
    private long nextRuleId = 1;
    private Impairment impairment = Impairment.NONE;
    private long transactions;
    private String lastScript = "";

    @Inject
    public GatewayController(GatewayConfig config, CommandRunner runner, Event<RulesetApplied> applied,
                             @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int adminPort) {
        this.config = config;
        this.runner = runner;
        this.applied = applied;
        this.adminPort = adminPort;
        this.nft = new NftTable(runner, config.kernel().table());
        this.tuning = new ConntrackTuning(runner);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gateway-control");
            t.setDaemon(true);
            return t;
        });
    }

    void onStart(@Observes StartupEvent event) {
        scheduler.execute(this::attemptStart);
    }

    private void attemptStart() {
        try {
            if (start() == Phase.READY) {
                long every = config.metrics().refreshInterval().toMillis();
                scheduler.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            status = new GatewayStatus(Phase.STARTING, "not ready: " + e.getMessage() + " (retrying every 3 s)",
                    verdict == null ? null : verdict.netnsInode(), interfaces, null, transactions);
            LOG.warnf("gateway not ready yet: %s", e.getMessage());
            scheduler.schedule(this::attemptStart, 3, TimeUnit.SECONDS);
        }
    }

    private synchronized Phase start() {
        if (verdict == null) {
            verdict = NetnsGuard.check(runner);
        }
        if (!verdict.allowed()) {
            status = new GatewayStatus(Phase.REFUSED, verdict.refusal(), verdict.netnsInode(), null, null, 0);
            LOG.error(verdict.refusal());
            return Phase.REFUSED;
        }
        Ipv4Cidr outsideNet = Ipv4Cidr.parse(config.interfaces().outsideCidr());
        Ipv4Cidr labNet = Ipv4Cidr.parse(config.interfaces().labCidr());
        interfaces = InterfaceDiscovery.find(InterfaceDiscovery.list(runner), outsideNet, labNet);
        String forwarding = Sysctls.read(runner, "net.ipv4.ip_forward");
        if (!"1".equals(forwarding)) {
            throw new ToolFailure("net.ipv4.ip_forward is " + forwarding + " in the gateway's namespace, so it would not "
                    + "forward anything: set it to 1 when the namespace is made (compose sysctls:)", null);
        }
        mappings = resolve(configuredMappings());
        if (securityGroup == null) {
            securityGroup = configuredSecurityGroup();
            nextRuleId = securityGroup.rules().size() + 1L;
        }
        netem = Netem.detect(runner);
        TimeoutPolicy policy = tuning.initialize(config.conntrack());
        apply(securityGroup, impairment, policy, true, List.of(), true);
        status = new GatewayStatus(Phase.READY, "rule set applied: " + securityGroup.rules().size() + " rules, "
                + mappings.size() + " port mappings", verdict.netnsInode(), interfaces,
                tuning.mechanism().name().toLowerCase(Locale.ROOT), transactions);
        LOG.infof("gateway ready: outside %s (%s), lab %s (%s), timeouts by %s", interfaces.outside().name(),
                interfaces.outside().address(), interfaces.lab().name(), interfaces.lab().address(), tuning.mechanism());
        return Phase.READY;
    }

    // ---- the security group -------------------------------------------------------------------------

    public synchronized SecurityGroup replaceFirewall(String defaultAction, List<RuleInput> rules) {
        requireReady();
        SecurityGroup next = RuleParser.parseSet(defaultAction, rules, nextRuleId, config.firewall().maxRules());
        apply(next, impairment, tuning.policy(), false, List.of(), false);
        securityGroup = next;
        nextRuleId += next.rules().size();
        return next;
    }

    public synchronized FirewallRule addRule(RuleInput input, Integer position) {
        requireReady();
        FirewallRule rule = RuleParser.parse(input, "", nextRuleId);
        List<FirewallRule> rules = new ArrayList<>(securityGroup.rules());
        if (rules.size() >= config.firewall().maxRules()) {
            throw ApiException.badInput("rules", "the rule set already has " + rules.size()
                    + " rules (gateway.firewall.max-rules)");
        }
        int at = position == null ? rules.size() : position;
        if (at < 0 || at > rules.size()) {
            throw ApiException.badInput("position", "position must be between 0 and " + rules.size() + ", got " + at);
        }
        rules.add(at, rule);
        SecurityGroup next = new SecurityGroup(securityGroup.defaultAction(), rules);
        apply(next, impairment, tuning.policy(), false, List.of(), false);
        securityGroup = next;
        nextRuleId++;
        return rule;
    }

    public synchronized FirewallRule deleteRule(long id) {
        requireReady();
        List<FirewallRule> rules = new ArrayList<>(securityGroup.rules());
        FirewallRule gone = rules.stream().filter(r -> r.id() == id).findFirst()
                .orElseThrow(() -> ApiException.notFound("id", "no rule with id " + id));
        rules.remove(gone);
        SecurityGroup next = new SecurityGroup(securityGroup.defaultAction(), rules);
        apply(next, impairment, tuning.policy(), false, List.of(), false);
        securityGroup = next;
        return gone;
    }

    public synchronized SecurityGroup securityGroup() {
        requireReady();
        return securityGroup;
    }

    // ---- the impaired link --------------------------------------------------------------------------

    public synchronized Impairment setImpairment(Impairment next) {
        requireReady();
        if (next.needsNetem() && !netem.supported()) {
            String field = next.delayMs() > 0 ? "delayMs" : next.jitterMs() > 0 ? "jitterMs" : "reorderPercent";
            throw ApiException.unsupported(field, "delay, jitter and reordering need tc netem, which is "
                    + netem.detail() + "; packet loss works without it");
        }
        List<String> devs = List.of(interfaces.outside().name(), interfaces.lab().name());
        boolean netemTouched = next.needsNetem() || impairment.needsNetem();
        if (netemTouched) {
            try {
                Netem.apply(runner, devs, next);
            } catch (ToolFailure e) {
                Netem.apply(runner, devs, impairment);
                throw ApiException.kernelRefused(null, "tc refused the delay settings, so nothing changed: " + e.getMessage());
            }
        }
        try {
            apply(securityGroup, next, tuning.policy(), false, List.of(), false);
        } catch (RuntimeException e) {
            if (netemTouched) {
                Netem.apply(runner, devs, impairment);
            }
            throw e;
        }
        impairment = next;
        return next;
    }

    public synchronized Impairment impairment() {
        requireReady();
        return impairment;
    }

    public NetemSupport netem() {
        return netem;
    }

    // ---- conntrack settings -------------------------------------------------------------------------

    public synchronized ConntrackSettings updateConntrackSettings(SettingsInput input) {
        requireReady();
        ConntrackTuning.Plan plan = tuning.plan(input);
        Map<String, String> before = tuning.write(plan.sysctlWrites());
        if (plan.newPolicy() != null) {
            TimeoutPolicy old = tuning.policy();
            try {
                apply(securityGroup, impairment, plan.newPolicy(), true, List.of(old.tcpName(), old.udpName()), false);
            } catch (RuntimeException e) {
                tuning.restore(before, new ArrayList<>(before.keySet()));
                throw e;
            }
            tuning.policyApplied(plan.newPolicy());
        }
        return tuning.view();
    }

    public synchronized ConntrackSettings conntrackSettings() {
        requireReady();
        return tuning.view();
    }

    // ---- reading back -------------------------------------------------------------------------------

    /** Reads every rule counter from the kernel now (also done every gateway.metrics.refresh-interval). */
    public Map<String, Counter> refreshCounters() {
        requireReady();
        counters = nft.counters();
        return counters;
    }

    /** The conntrack entry count and limit as last read (for metrics; -1 before the first read). */
    public long conntrackCount() {
        return conntrackCount;
    }

    public long conntrackMax() {
        return conntrackMax;
    }

    private static long number(String s) {
        try {
            return s == null ? -1 : Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The counters as last read (for metrics). */
    public Counter counter(String key) {
        return counters.getOrDefault(key, Counter.ZERO);
    }

    public String liveRuleset() {
        requireReady();
        return nft.listing();
    }

    public synchronized String lastScript() {
        return lastScript;
    }

    public synchronized List<ResolvedMapping> mappings() {
        requireReady();
        return mappings;
    }

    public GatewayStatus status() {
        return status;
    }

    public GatewayInterfaces interfaces() {
        requireReady();
        return interfaces;
    }

    public void requireReady() {
        GatewayStatus s = status;
        if (s.phase() != Phase.READY) {
            throw ApiException.unavailable(s.phase() == Phase.REFUSED ? s.detail() : "the gateway is not ready yet: " + s.detail());
        }
    }

    // ---- internals ----------------------------------------------------------------------------------

    private void apply(SecurityGroup sg, Impairment imp, TimeoutPolicy policy, boolean createPolicy, List<String> stale,
                       boolean fresh) {
        Map<String, Counter> carry = fresh ? Map.of() : readCountersQuietly();
        RulesetSpec spec = new RulesetSpec(config.kernel().table(), interfaces,
                Ipv4Cidr.parse(config.interfaces().outsideCidr()), Ipv4Cidr.parse(config.interfaces().labCidr()), adminPort,
                sg, mappings, config.nat().portAllocation(), imp.loss(), policy, createPolicy, stale, fresh, carry);
        String script = NftScript.render(spec);
        try {
            nft.apply(script);
        } catch (NftTable.KernelRefusal e) {
            if (status.phase() != Phase.READY) {
                throw e;
            }
            LOG.warnf("rule set refused: %s", e.getMessage());
            throw ApiException.kernelRefused(null, "the kernel refused the new rule set, so the previous one is still in force: "
                    + e.getMessage());
        }
        lastScript = script;
        transactions++;
        if (status.phase() == Phase.READY) {
            status = new GatewayStatus(Phase.READY, status.detail(), status.netnsInode(), interfaces,
                    status.timeoutMechanism(), transactions);
        }
        counters = readCountersQuietly();
        applied.fire(new RulesetApplied(sg.rules(), mappings, imp.loss()));
    }

    private Map<String, Counter> readCountersQuietly() {
        try {
            return nft.counters();
        } catch (RuntimeException e) {
            return counters;
        }
    }

    private void refreshQuietly() {
        try {
            counters = nft.counters();
            conntrackCount = number(Sysctls.read(runner, "net.netfilter.nf_conntrack_count"));
            conntrackMax = number(Sysctls.read(runner, "net.netfilter.nf_conntrack_max"));
        } catch (RuntimeException e) {
            LOG.debugf("counter refresh failed: %s", e.getMessage());
        }
    }

    private List<PortMapping> configuredMappings() {
        List<PortMapping> out = new ArrayList<>();
        for (GatewayConfig.Mapping m : config.nat().mappings().orElse(List.of())) {
            out.add(MappingParser.parse(m.name(), m.protocol(), m.port(), m.to()));
        }
        return out;
    }

    private SecurityGroup configuredSecurityGroup() {
        List<RuleInput> inputs = new ArrayList<>();
        for (GatewayConfig.Rule r : config.firewall().rules().orElse(List.of())) {
            inputs.add(new RuleInput(r.protocol().kernelName(), r.port().orElse(null), r.source(), r.action().text(),
                    r.description().orElse(null)));
        }
        return RuleParser.parseSet(config.firewall().defaultAction().text(), inputs, 1, config.firewall().maxRules());
    }

    /** Resolves each target once (Docker's DNS in the lab); the kernel rule needs an address. */
    static List<ResolvedMapping> resolve(List<PortMapping> mappings) {
        List<ResolvedMapping> out = new ArrayList<>();
        for (PortMapping m : mappings) {
            try {
                InetAddress address = null;
                for (InetAddress a : InetAddress.getAllByName(m.targetHost())) {
                    if (a instanceof Inet4Address) {
                        address = a;
                        break;
                    }
                }
                if (address == null) {
                    throw new ToolFailure("mapping " + m.name() + ": " + m.targetHost() + " has no IPv4 address", null);
                }
                out.add(new ResolvedMapping(m, address.getHostAddress()));
            } catch (UnknownHostException e) {
                throw new ToolFailure("mapping " + m.name() + ": cannot resolve " + m.targetHost() + " yet", e);
            }
        }
        return List.copyOf(out);
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }
}
