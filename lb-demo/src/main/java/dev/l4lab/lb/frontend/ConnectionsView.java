package dev.l4lab.lb.frontend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** GET /connections: the live TCP table, the UDP session (NAT) table and the L7 (HTTP) client connections. */
public record ConnectionsView(List<TcpConnectionView> tcp, List<UdpSessionView> udp, List<HttpConnectionView> http) {

    public static final ConnectionsView EMPTY = new ConnectionsView(List.of(), List.of(), List.of());

    public static ConnectionsView tcp(List<TcpConnectionView> rows) {
        return new ConnectionsView(rows, List.of(), List.of());
    }

    public static ConnectionsView udp(List<UdpSessionView> rows) {
        return new ConnectionsView(List.of(), rows, List.of());
    }

    public static ConnectionsView http(List<HttpConnectionView> rows) {
        return new ConnectionsView(List.of(), List.of(), rows);
    }

    public static ConnectionsView merge(Collection<ConnectionsView> parts) {
        List<TcpConnectionView> tcp = new ArrayList<>();
        List<UdpSessionView> udp = new ArrayList<>();
        List<HttpConnectionView> http = new ArrayList<>();
        parts.forEach(p -> {
            tcp.addAll(p.tcp());
            udp.addAll(p.udp());
            http.addAll(p.http());
        });
        return new ConnectionsView(tcp, udp, http);
    }
}
