package dev.l4lab.lb.admin;

import dev.l4lab.lb.frontend.Frontend;
import dev.l4lab.lb.frontend.FrontendStats;
import dev.l4lab.lb.pool.Backend;
import dev.l4lab.lb.pool.Pool;
import java.util.List;
import java.util.Map;

/** JSON shapes of the admin API (lb-demo/README.md, "Admin API"). */
public final class Dtos {

    private Dtos() {
    }

    /**
     * state: what decides traffic (UP, DOWN, DRAINING, MAINT); health: what the checks say (UP or DOWN);
     * failuresByReason: the failed connects of {@code failures} by reason word (probe-service's words).
     */
    public record BackendView(String address, String state, String health, int weight, long activeConnections,
            long totalConnections, long bytesIn, long bytesOut, long failures, Map<String, Long> failuresByReason,
            String lastCheck) {
        static BackendView of(Backend b) {
            return new BackendView(b.name(), b.state().name(), b.alive() ? "UP" : "DOWN", b.weight(), b.activeConnections(),
                    b.totalConnections(), b.bytesIn(), b.bytesOut(), b.failures(), b.failuresByReason(), b.lastCheck());
        }
    }

    public record PoolView(String name, String algorithm, String proxyProtocol, int maxConnectionsPerBackend,
            List<BackendView> backends) {
        static PoolView of(Pool p) {
            return new PoolView(p.name(), p.algorithm().id(), p.proxyProtocol().id(), p.maxConnectionsPerBackend(),
                    p.backends().stream().map(BackendView::of).toList());
        }
    }

    /**
     * rejectedAtLimit, noBackend and foreignDropped repeat three of the drop reasons, under the names they had
     * before every reason was counted.
     */
    public record FrontendView(String name, String protocol, String bind, int port, boolean bound, String pool,
            int limit, long activeConnections, long totalConnections, long rejectedAtLimit, long noBackend,
            long timeouts, long bytesIn, long bytesOut, long foreignDropped, Map<String, Long> dropped,
            List<Integer> connectionsPerLoop) {
        static FrontendView of(Frontend f) {
            FrontendStats s = f.stats();
            Map<String, Long> dropped = s.dropsByReason();
            return new FrontendView(f.name(), f.protocol().id(), f.bindHost(), f.port(), f.bound(), f.pool().name(),
                    f.limit(), s.active.get(), s.total.get(), dropped.get("limit"), dropped.get("no_backend"),
                    s.idleClosed.get(), s.bytesIn.sum(), s.bytesOut.sum(), dropped.get("foreign_source"), dropped,
                    f.connectionsPerLoop());
        }
    }

    public record StateRequest(String state) {
    }

    public record WeightRequest(Integer weight) {
    }

    public record AddBackendRequest(String address, Integer weight) {
    }

    public record AlgorithmRequest(String algorithm) {
    }
}
