package dev.l4lab.gateway.capture;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** GET /capture/timeline: the packets in order, and how many were captured on each side. */
@RegisterForReflection
public record Timeline(List<TimelinePacket> packets, int count, int outside, int lab, String filter) {
}
