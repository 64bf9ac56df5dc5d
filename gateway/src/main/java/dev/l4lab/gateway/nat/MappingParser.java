package dev.l4lab.gateway.nat;

import dev.l4lab.gateway.net.Protocol;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks configured mappings; problems name the config key. */
public final class MappingParser {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}");

    private MappingParser() {
    }

    /** Parses "host:port"; throws IllegalArgumentException naming what is wrong. */
    public static PortMapping parse(String name, Protocol protocol, int port, String to) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be 1-32 lower-case letters, digits or '-', got '" + name + "'");
        }
        if (protocol == null || !protocol.hasPorts()) {
            throw new IllegalArgumentException("protocol must be tcp or udp");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, got " + port);
        }
        int colon = to == null ? -1 : to.lastIndexOf(':');
        if (colon <= 0 || colon == to.length() - 1) {
            throw new IllegalArgumentException("to must be host:port (for example echo-1:8080), got '" + to + "'");
        }
        String host = to.substring(0, colon);
        String portText = to.substring(colon + 1);
        if (!HOST.matcher(host).matches() || !portText.matches("\\d{1,5}") || Integer.parseInt(portText) < 1
                || Integer.parseInt(portText) > 65535) {
            throw new IllegalArgumentException("to must be host:port with a host name or IPv4 address and a port 1-65535, got '" + to + "'");
        }
        return new PortMapping(name, protocol, port, host, Integer.parseInt(portText));
    }

    /** Two mappings of the same protocol/port would make the second one dead: refuse that. */
    public static String duplicate(List<PortMapping> mappings) {
        Set<String> seen = new HashSet<>();
        for (PortMapping m : mappings) {
            if (!seen.add(m.key())) {
                return m.key();
            }
        }
        return null;
    }
}
