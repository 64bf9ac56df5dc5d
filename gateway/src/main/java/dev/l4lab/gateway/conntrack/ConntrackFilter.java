package dev.l4lab.gateway.conntrack;

/** GET /conntrack filters; null fields match everything. */
public record ConntrackFilter(String protocol, String state, Integer port, String address) {

    public boolean matches(ConntrackEntry e) {
        return (protocol == null || protocol.equalsIgnoreCase(e.protocol()))
                && (state == null || state.equalsIgnoreCase(e.state()))
                && (port == null || e.involvesPort(port))
                && (address == null || e.involvesAddress(address));
    }
}
