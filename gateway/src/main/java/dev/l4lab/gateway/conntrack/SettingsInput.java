package dev.l4lab.gateway.conntrack;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * PUT /conntrack/settings body: only the fields given change. {@code max} is accepted so that asking for it
 * gets a plain answer: the kernel keeps nf_conntrack_max global (read-only in every namespace but the host's).
 */
@RegisterForReflection
public record SettingsInput(Integer tcpEstablishedSeconds, Integer udpSeconds, Integer udpStreamSeconds,
                            Boolean strictTracking, Boolean accounting, Long max) {
}
