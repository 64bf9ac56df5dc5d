package dev.l4lab.probe.sockets;

import dev.l4lab.probe.v1.Protocol;
import dev.l4lab.probe.v1.SocketEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** The socket table of this network namespace, like `ss -tuan`. Blocking (/proc reads). */
@ApplicationScoped
public class SocketTable {

    public List<SocketEntry> tcp() {
        List<SocketEntry> all = new ArrayList<>();
        for (String source : List.of("tcp", "tcp6")) {
            ProcFiles.read("/proc/net/" + source).ifPresent(c -> all.addAll(ProcNetParser.parse(c, source)));
        }
        return all;
    }

    public List<SocketEntry> udp() {
        List<SocketEntry> all = new ArrayList<>();
        for (String source : List.of("udp", "udp6")) {
            ProcFiles.read("/proc/net/" + source).ifPresent(c -> all.addAll(ProcNetParser.parse(c, source)));
        }
        return all;
    }

    /** Filters: protocol (UNSPECIFIED = both), ss state name (null = all), port (0 = any, local or peer). */
    public List<SocketEntry> list(Protocol protocol, String state, int port) {
        List<SocketEntry> all = new ArrayList<>();
        if (protocol != Protocol.UDP) {
            all.addAll(tcp());
        }
        if (protocol != Protocol.TCP) {
            all.addAll(udp());
        }
        return all.stream()
                .filter(e -> state == null || e.getState().equals(state))
                .filter(e -> port == 0 || e.getLocalPort() == port || e.getPeerPort() == port)
                .toList();
    }
}
