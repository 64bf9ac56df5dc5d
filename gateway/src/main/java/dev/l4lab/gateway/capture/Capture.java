package dev.l4lab.gateway.capture;

import java.util.Map;

/**
 * A finished capture: the pcap bytes tcpdump wrote (LINUX_SLL2, so each packet names its interface), how many
 * packets it holds, and the gateway's interface names by index (to label the timeline).
 */
public record Capture(byte[] pcap, int packets, Map<Integer, String> interfaceNames, Map<Integer, String> sides) {
}
