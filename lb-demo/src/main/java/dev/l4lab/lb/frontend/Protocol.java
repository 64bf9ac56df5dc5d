package dev.l4lab.lb.frontend;

import java.util.Locale;

/** What a frontend speaks: L4 TCP, L4 UDP, or L7 HTTP. */
public enum Protocol {
    TCP, UDP, HTTP;

    /** The name in configuration and in the admin API ("tcp", "udp", "http"). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The transport its listening socket uses: an L7 frontend listens on TCP. */
    public boolean onTcp() {
        return this != UDP;
    }
}
