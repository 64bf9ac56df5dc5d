package dev.l4lab.gateway.net;

import java.util.Locale;

/** The IPv4 protocols a rule, a mapping or a loss rule can name. */
public enum Protocol {
    TCP, UDP, ICMP;

    /** The name nft and conntrack use ("tcp", "udp", "icmp"). */
    public String kernelName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean hasPorts() {
        return this != ICMP;
    }

    /** Parses "tcp", "UDP", ...; null when the text names no protocol. */
    public static Protocol parse(String text) {
        return EnumNames.parse(values(), text);
    }
}
