package dev.l4lab.probe.blackbox;

import dev.l4lab.probe.v1.PortState;
import java.util.Map;

/**
 * Prometheus text format (0.0.4), the metric families in name order with HELP and TYPE lines, as the
 * exporter's registry writes them. The exporter's names, types and help texts for the shared subset;
 * probe_l4_* is what it does not have.
 */
final class Exposition {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Label values of probe_l4_state: nmap's words, lowercase. */
    static final Map<PortState, String> STATES = Map.of(
            PortState.OPEN, "open", PortState.CLOSED, "closed", PortState.FILTERED, "filtered",
            PortState.OPEN_FILTERED, "open|filtered", PortState.UNREACHABLE, "unreachable",
            PortState.DNS_FAILURE, "dns_failure", PortState.ERROR, "error");
    private static final PortState[] STATE_ORDER = {PortState.OPEN, PortState.CLOSED, PortState.FILTERED,
        PortState.OPEN_FILTERED, PortState.UNREACHABLE, PortState.DNS_FAILURE, PortState.ERROR};

    private Exposition() {
    }

    static String metrics(ProbeReport r) {
        StringBuilder sb = new StringBuilder();
        if (r.resolving) {
            gauge(sb, "probe_dns_lookup_time_seconds", "Returns the time taken for probe dns lookup in seconds", r.dnsSeconds);
        }
        gauge(sb, "probe_duration_seconds", "Returns how long the probe took to complete in seconds", r.durationSeconds);
        if (r.regexGauge) {
            gauge(sb, "probe_failed_due_to_regex", "Indicates if probe failed due to regex", r.failedDueToRegex ? 1 : 0);
        }
        if (r.resolving) {
            gauge(sb, "probe_ip_addr_hash", "Specifies the hash of IP address. It's useful to detect if the IP address changes.",
                    r.ipHash);
            gauge(sb, "probe_ip_protocol", "Specifies whether probe ip protocol is IP4 or IP6", r.ipProtocol);
        }
        if (!r.phases.isEmpty()) {
            header(sb, "probe_l4_duration_seconds", "Duration of each probe phase (resolve, connect, query, roundtrip) in seconds");
            r.phases.forEach((phase, s) -> sample(sb, "probe_l4_duration_seconds", "phase", phase, s));
        }
        if (!r.success && r.reason != null) {
            header(sb, "probe_l4_failure_reason", "Why the probe failed: refused, timeout, reset, unreachable, dns, "
                    + "local-limit, no-ephemeral-port, regex or other (1 for the reason; absent on success)");
            sample(sb, "probe_l4_failure_reason", "reason", r.reason.word, 1);
        }
        if (r.state != null) {
            header(sb, "probe_l4_state", "The port state in nmap's words: 1 for the state the probe saw, 0 for the others");
            for (PortState s : STATE_ORDER) {
                sample(sb, "probe_l4_state", "state", STATES.get(s), s == r.state ? 1 : 0);
            }
        }
        gauge(sb, "probe_success", "Displays whether or not the probe was a success", r.success ? 1 : 0);
        return sb.toString();
    }

    /** The exporter's debug page: the log, the metrics, the module. */
    static String debug(ProbeReport r, String moduleYaml) {
        return "Logs for the probe:\n" + r.log.text() + "\n\n\nMetrics that would have been returned:\n" + metrics(r)
                + "\n\n\nModule configuration:\n" + moduleYaml;
    }

    private static void gauge(StringBuilder sb, String name, String help, double value) {
        header(sb, name, help);
        sb.append(name).append(' ').append(GoFloat.format(value)).append('\n');
    }

    private static void header(StringBuilder sb, String name, String help) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" gauge\n");
    }

    private static void sample(StringBuilder sb, String name, String label, String value, double v) {
        sb.append(name).append('{').append(label).append("=\"").append(value).append("\"} ").append(GoFloat.format(v))
                .append('\n');
    }
}
