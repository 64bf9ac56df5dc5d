package dev.l4lab.probe.blackbox;

import dev.l4lab.probe.net.FailureReason;
import dev.l4lab.probe.v1.PortState;
import java.util.LinkedHashMap;
import java.util.Map;

/** What one /probe run found, filled in as it goes; written out by {@link Exposition}. */
final class ProbeReport {

    final ProbeLog log;
    boolean success;
    double durationSeconds;
    /** Set once resolution started (the exporter registers these gauges then). */
    boolean resolving;
    double dnsSeconds;
    int ipProtocol;
    long ipHash;
    /** Present for tcp modules (as the exporter) and for udp modules with an expect. */
    boolean regexGauge;
    boolean failedDueToRegex;
    PortState state;
    FailureReason reason;
    final Map<String, Double> phases = new LinkedHashMap<>();

    ProbeReport(ProbeLog log) {
        this.log = log;
    }

    ProbeReport fail(FailureReason why) {
        success = false;
        reason = why;
        return this;
    }
}
