package dev.l4lab.gateway.ruleset;

import dev.l4lab.gateway.api.ApiException;
import dev.l4lab.gateway.config.GatewayConfig;
import dev.l4lab.gateway.config.TimeoutMechanism;
import dev.l4lab.gateway.conntrack.ConntrackSettings;
import dev.l4lab.gateway.conntrack.KernelSetting;
import dev.l4lab.gateway.conntrack.SettingsInput;
import dev.l4lab.gateway.kernel.Command;
import dev.l4lab.gateway.kernel.CommandRunner;
import dev.l4lab.gateway.kernel.Sysctls;
import dev.l4lab.gateway.kernel.ToolFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The conntrack settings of the gateway's namespace: timeouts (by sysctl, or by nftables timeout policies
 * where /proc/sys is read-only), strict tracking and accounting (sysctls). Which sysctls this namespace may
 * write is found once at start-up by writing each one's current value back.
 */
final class ConntrackTuning {

    static final String ESTABLISHED = "net.netfilter.nf_conntrack_tcp_timeout_established";
    static final String UDP = "net.netfilter.nf_conntrack_udp_timeout";
    static final String UDP_STREAM = "net.netfilter.nf_conntrack_udp_timeout_stream";
    static final String LOOSE = "net.netfilter.nf_conntrack_tcp_loose";
    static final String ACCT = "net.netfilter.nf_conntrack_acct";
    static final String MAX = "net.netfilter.nf_conntrack_max";
    static final String BUCKETS = "net.netfilter.nf_conntrack_buckets";
    static final String COUNT = "net.netfilter.nf_conntrack_count";
    private static final List<String> REPORTED = List.of(ESTABLISHED, UDP, UDP_STREAM, LOOSE, ACCT, MAX, BUCKETS, COUNT);

    private final CommandRunner runner;
    private final Map<String, Boolean> writable = new LinkedHashMap<>();
    private TimeoutMechanism mechanism;
    private TimeoutPolicy policy;
    private final List<String> notes = new ArrayList<>();

    /** A change to make: sysctl writes and, for POLICY, the next policy generation (null: unchanged). */
    record Plan(Map<String, String> sysctlWrites, TimeoutPolicy newPolicy) {
    }

    ConntrackTuning(CommandRunner runner) {
        this.runner = runner;
    }

    /** Detects what is writable, picks the mechanism and applies the configured settings. */
    TimeoutPolicy initialize(GatewayConfig.Conntrack cfg) {
        writable.clear();
        notes.clear();
        for (String key : List.of(ESTABLISHED, UDP, UDP_STREAM, LOOSE, ACCT, MAX)) {
            writable.put(key, Sysctls.writable(runner, key));
        }
        mechanism = cfg.timeoutMechanism() == TimeoutMechanism.AUTO
                ? (writable.get(ESTABLISHED) ? TimeoutMechanism.SYSCTL : TimeoutMechanism.POLICY)
                : cfg.timeoutMechanism();
        if (mechanism == TimeoutMechanism.SYSCTL && !writable.get(ESTABLISHED)) {
            throw new ToolFailure("gateway.conntrack.timeout-mechanism=sysctl, but " + ESTABLISHED
                    + " is read-only in this namespace (use auto or policy)", null);
        }
        wantSysctl(LOOSE, cfg.strictTracking() ? "0" : "1", "strict tracking (gateway.conntrack.strict-tracking)");
        wantSysctl(ACCT, cfg.accounting() ? "1" : "0", "accounting (gateway.conntrack.accounting)");
        int est = cfg.tcpEstablishedTimeout().orElse(intSysctl(ESTABLISHED));
        int udp = cfg.udpTimeout().orElse(intSysctl(UDP));
        int udpStream = cfg.udpStreamTimeout().orElse(intSysctl(UDP_STREAM));
        if (mechanism == TimeoutMechanism.SYSCTL) {
            cfg.tcpEstablishedTimeout().ifPresent(v -> Sysctls.write(runner, ESTABLISHED, Integer.toString(v)));
            cfg.udpTimeout().ifPresent(v -> Sysctls.write(runner, UDP, Integer.toString(v)));
            cfg.udpStreamTimeout().ifPresent(v -> Sysctls.write(runner, UDP_STREAM, Integer.toString(v)));
            policy = null;
        } else {
            policy = new TimeoutPolicy(1, est, udp, udpStream);
        }
        return policy;
    }

    private void wantSysctl(String key, String value, String what) {
        if (value.equals(Sysctls.read(runner, key))) {
            return;
        }
        if (writable.get(key)) {
            Sysctls.write(runner, key, value);
        } else {
            notes.add(what + " wants " + key + "=" + value + ", but it is " + Sysctls.read(runner, key)
                    + " and read-only here: set it when the namespace is made (compose sysctls:)");
        }
    }

    TimeoutMechanism mechanism() {
        return mechanism;
    }

    TimeoutPolicy policy() {
        return policy;
    }

    void policyApplied(TimeoutPolicy p) {
        policy = p;
    }

    /** Checks a PUT body: 400 for bad values, 422 for settings this namespace may not change. */
    Plan plan(SettingsInput in) {
        if (in == null) {
            throw ApiException.badInput("body", "a JSON body is required, for example {\"tcpEstablishedSeconds\":30}");
        }
        Map<String, String> writes = new LinkedHashMap<>();
        if (in.max() != null) {
            if (!writable.get(MAX)) {
                throw ApiException.kernelRefused("max", "nf_conntrack_max is read-only here: the kernel keeps the conntrack "
                        + "table's size global and lets only the initial (host) network namespace change it (now "
                        + Sysctls.read(runner, MAX) + ")");
            }
            if (in.max() < 1 || in.max() > 16_777_216) {
                throw ApiException.badInput("max", "max must be between 1 and 16777216, got " + in.max());
            }
            writes.put(MAX, Long.toString(in.max()));
        }
        Integer est = checked(in.tcpEstablishedSeconds(), "tcpEstablishedSeconds", 864_000);
        Integer udp = checked(in.udpSeconds(), "udpSeconds", 86_400);
        Integer udpStream = checked(in.udpStreamSeconds(), "udpStreamSeconds", 86_400);
        if (in.strictTracking() != null) {
            writes.put(needWritable(LOOSE, "strictTracking"), in.strictTracking() ? "0" : "1");
        }
        if (in.accounting() != null) {
            writes.put(needWritable(ACCT, "accounting"), in.accounting() ? "1" : "0");
        }
        TimeoutPolicy next = null;
        if (mechanism == TimeoutMechanism.SYSCTL) {
            if (est != null) {
                writes.put(ESTABLISHED, est.toString());
            }
            if (udp != null) {
                writes.put(UDP, udp.toString());
            }
            if (udpStream != null) {
                writes.put(UDP_STREAM, udpStream.toString());
            }
        } else if (est != null || udp != null || udpStream != null) {
            next = new TimeoutPolicy(policy.generation() + 1, est != null ? est : policy.tcpEstablished(),
                    udp != null ? udp : policy.udpUnreplied(), udpStream != null ? udpStream : policy.udpReplied());
        }
        return new Plan(writes, next);
    }

    private String needWritable(String key, String field) {
        if (!writable.get(key)) {
            throw ApiException.kernelRefused(field, key + " is read-only in this namespace (a container mounts /proc/sys "
                    + "read-only): set it when the gateway starts, with compose sysctls: (now " + Sysctls.read(runner, key) + ")");
        }
        return key;
    }

    private static Integer checked(Integer v, String field, int max) {
        if (v != null && (v < 1 || v > max)) {
            throw ApiException.badInput(field, field + " must be between 1 and " + max + " seconds, got " + v);
        }
        return v;
    }

    /** Writes the plan's sysctls; on a refusal, writes back what was there and rethrows as a 422. */
    Map<String, String> write(Map<String, String> writes) {
        Map<String, String> before = new LinkedHashMap<>();
        for (String key : writes.keySet()) {
            before.put(key, Sysctls.read(runner, key));
        }
        List<String> done = new ArrayList<>();
        try {
            for (Map.Entry<String, String> w : writes.entrySet()) {
                Sysctls.write(runner, w.getKey(), w.getValue());
                done.add(w.getKey());
            }
        } catch (ToolFailure e) {
            restore(before, done);
            throw ApiException.kernelRefused(null, "the kernel refused a setting, so none was changed: " + e.getMessage());
        }
        return before;
    }

    void restore(Map<String, String> before, List<String> keys) {
        for (String key : keys) {
            String value = before.get(key);
            if (value != null) {
                runner.run(Command.of("sysctl", "-q", "-w", key + "=" + value));
            }
        }
    }

    ConntrackSettings view() {
        Map<String, String> now = new LinkedHashMap<>();
        for (String key : REPORTED) {
            now.put(key, Sysctls.read(runner, key));
        }
        List<KernelSetting> kernel = new ArrayList<>();
        for (String key : REPORTED) {
            String name = key.substring(key.lastIndexOf('.') + 1);
            boolean w = writable.getOrDefault(key, false);
            kernel.add(new KernelSetting(name, now.get(key), w, noteFor(key, w)));
        }
        boolean sysctl = mechanism == TimeoutMechanism.SYSCTL;
        int est = sysctl ? toInt(now.get(ESTABLISHED)) : policy.tcpEstablished();
        int udp = sysctl ? toInt(now.get(UDP)) : policy.udpUnreplied();
        int udpStream = sysctl ? toInt(now.get(UDP_STREAM)) : policy.udpReplied();
        List<String> text = new ArrayList<>();
        text.add(sysctl ? "timeouts are this namespace's nf_conntrack sysctls: a change applies to every flow at once"
                : "timeouts are nftables ct timeout policies (" + policy.tcpName() + ", " + policy.udpName()
                + ") given to each new flow, because this namespace's sysctls are read-only; a change applies to flows "
                + "made after it, and flows tracked before it fall back to the kernel's defaults (the sysctls below)");
        text.addAll(notes);
        return new ConntrackSettings(sysctl ? "sysctl" : "policy", est, udp, udpStream, "0".equals(now.get(LOOSE)),
                "1".equals(now.get(ACCT)), kernel, String.join("; ", text));
    }

    private static String noteFor(String key, boolean writable) {
        if (key.equals(MAX)) {
            return writable ? "writable: this is the initial namespace" : "read-only: the kernel keeps the table size global and lets only the initial (host) network namespace change it";
        }
        if (key.equals(BUCKETS)) {
            return "read-only: the hash table size is the kernel's (global)";
        }
        if (key.equals(COUNT)) {
            return "entries now (read-only by nature)";
        }
        return writable ? "writable in this namespace" : "read-only here (a container mounts /proc/sys read-only: set it at start with compose sysctls:)";
    }

    private int intSysctl(String key) {
        return toInt(Sysctls.read(runner, key));
    }

    private static int toInt(String s) {
        try {
            return s == null ? -1 : Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
