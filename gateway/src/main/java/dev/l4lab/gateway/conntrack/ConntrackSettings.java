package dev.l4lab.gateway.conntrack;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * GET /conntrack/settings: the timeouts new flows get, strict tracking and accounting, the mechanism that
 * sets the timeouts ("sysctl" or "policy"), and every related kernel sysctl with whether it is writable here.
 */
@RegisterForReflection
public record ConntrackSettings(String mechanism, int tcpEstablishedSeconds, int udpSeconds, int udpStreamSeconds,
                                boolean strictTracking, boolean accounting, List<KernelSetting> kernel, String note) {
}
