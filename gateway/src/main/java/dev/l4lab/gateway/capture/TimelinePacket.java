package dev.l4lab.gateway.capture;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One captured packet, decoded: when ({@code time}, and {@code offsetMs} since the first packet), where
 * ({@code side} outside/lab, {@code ifname}, {@code direction} in/out of the gateway), the addresses and
 * ports, and for TCP the flags (tcpdump's letters: S, S., ., P., F., R.), sequence and acknowledgement numbers
 * relative to each direction's first sequence number, and the window; {@code length} is the payload.
 * {@code summary} is the packet in one tcpdump-like line.
 */
@RegisterForReflection
public record TimelinePacket(int n, String time, double offsetMs, String side, String ifname, String direction,
                             String protocol, String src, Integer srcPort, String dst, Integer dstPort, String flags,
                             Long seq, Long ack, Integer window, int length, String summary) {
}
