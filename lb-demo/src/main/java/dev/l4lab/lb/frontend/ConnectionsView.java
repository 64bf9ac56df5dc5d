package dev.l4lab.lb.frontend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** GET /connections: the live TCP table and the UDP session (NAT) table. */
public record ConnectionsView(List<TcpConnectionView> tcp, List<UdpSessionView> udp) {

    public static final ConnectionsView EMPTY = new ConnectionsView(List.of(), List.of());

    public static ConnectionsView tcp(List<TcpConnectionView> rows) {
        return new ConnectionsView(rows, List.of());
    }

    public static ConnectionsView udp(List<UdpSessionView> rows) {
        return new ConnectionsView(List.of(), rows);
    }

    public static ConnectionsView merge(Collection<ConnectionsView> parts) {
        List<TcpConnectionView> tcp = new ArrayList<>();
        List<UdpSessionView> udp = new ArrayList<>();
        parts.forEach(p -> {
            tcp.addAll(p.tcp());
            udp.addAll(p.udp());
        });
        return new ConnectionsView(tcp, udp);
    }
}
