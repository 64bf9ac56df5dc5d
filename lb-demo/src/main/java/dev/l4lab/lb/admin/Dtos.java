package dev.l4lab.lb.admin;

import dev.l4lab.lb.pool.Backend;
import dev.l4lab.lb.pool.Pool;
import java.util.List;

/** JSON shapes of the admin API (contract: /tmp/l4lab-contracts.md, lb-demo section). */
public final class Dtos {

    private Dtos() {
    }

    public record BackendView(String address, String state, int weight, long activeConnections, long totalConnections,
            long bytesIn, long bytesOut, long failures, String lastCheck) {
        static BackendView of(Backend b) {
            return new BackendView(b.name(), b.state().name(), b.weight(), b.activeConnections(), b.totalConnections(),
                    b.bytesIn(), b.bytesOut(), b.failures(), b.lastCheck());
        }
    }

    public record PoolView(String name, String algorithm, String proxyProtocol, int maxConnectionsPerBackend,
            List<BackendView> backends) {
        static PoolView of(Pool p) {
            return new PoolView(p.name(), p.algorithm().id(), p.proxyProtocol().name().toLowerCase(),
                    p.maxConnectionsPerBackend(), p.backends().stream().map(BackendView::of).toList());
        }
    }

    public record FrontendView(String name, String protocol, String bind, int port, boolean bound, String pool,
            long activeConnections, long totalConnections, long rejectedAtLimit, long noBackend, long timeouts,
            long bytesIn, long bytesOut, long foreignDropped, List<Integer> connectionsPerLoop) {
    }

    public record StateRequest(String state) {
    }

    public record WeightRequest(Integer weight) {
    }

    public record AddBackendRequest(String address, Integer weight) {
    }

    public record AlgorithmRequest(String algorithm) {
    }

    public record ConnectionsView(List<dev.l4lab.lb.tcp.TcpConnectionView> tcp, List<dev.l4lab.lb.udp.UdpSessionView> udp) {
    }
}
