package dev.l4lab.gateway.firewall;

import dev.l4lab.gateway.net.EnumNames;
import java.util.Locale;

/**
 * What a security-group rule does with a new connection it matches.
 * DROP discards silently (the client times out: nmap "filtered"); REJECT answers, with a TCP RST for TCP
 * and ICMP port unreachable otherwise (nmap "closed").
 */
public enum Action {
    ALLOW, DROP, REJECT;

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Action parse(String text) {
        return EnumNames.parse(values(), text);
    }
}
