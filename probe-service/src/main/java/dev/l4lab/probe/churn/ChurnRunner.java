package dev.l4lab.probe.churn;

import dev.l4lab.probe.limits.HostLimitsReader;
import dev.l4lab.probe.limits.PortUsage;
import dev.l4lab.probe.policy.ResolvedTarget;
import dev.l4lab.probe.sockets.SocketTable;
import dev.l4lab.probe.tcp.ConnectError;
import dev.l4lab.probe.v1.ChurnResponse;
import dev.l4lab.probe.v1.ChurnSnapshot;
import dev.l4lab.probe.v1.SocketEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

/**
 * The TIME_WAIT lab: N short connections, one after another at a bounded rate, each closed by us
 * first (an orderly FIN, no SO_LINGER 0), so TIME-WAIT lands on this side as it does on a client that
 * does not pool connections. The after snapshot waits (bounded) for the closing handshakes to settle,
 * see {@link CloseSettler}. Blocking: runs on a worker thread.
 */
@ApplicationScoped
public class ChurnRunner {

    private final SocketTable table;
    private final CloseSettler settler;

    public ChurnRunner(SocketTable table) {
        this.table = table;
        this.settler = new CloseSettler(table);
    }

    public ChurnResponse run(ChurnSpec spec, ResolvedTarget target) {
        InetAddress address = target.address();
        TargetMatch match = TargetMatch.of(address, spec.port());
        ChurnSnapshot before = snapshot(table.tcp(), match);
        BitSet localPorts = new BitSet(65536);
        Map<String, Integer> errors = new TreeMap<>();
        String firstError = "";
        int succeeded = 0;
        long intervalNanos = 1_000_000_000L / spec.ratePerSecond();
        long start = System.nanoTime();
        int attempted = 0;
        for (int i = 0; i < spec.count(); i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            attempted++;
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, spec.port()), spec.timeoutMs());
                localPorts.set(s.getLocalPort());
                succeeded++;
            } catch (IOException e) {
                ConnectError kind = ConnectError.classify(e);
                errors.merge(kind.name(), 1, Integer::sum);
                if (firstError.isEmpty()) {
                    firstError = ConnectError.describe(e);
                }
            }
        }
        double elapsedMs = (System.nanoTime() - start) / 1e6;
        // Right after the last close() many FINs are still in flight: wait for them before counting.
        CloseSettler.Settled settled = settler.settle(match, localPorts);
        ChurnSnapshot after = snapshot(settled.tcp(), match);
        return ChurnResponse.newBuilder()
                .setResolvedAddress(target.addressText())
                .setAttempted(attempted).setSucceeded(succeeded)
                .putAllErrors(errors).setFirstError(firstError)
                .setBefore(before).setAfter(after)
                .setElapsedMs(elapsedMs).setSettleMs(settled.settleMs())
                .setAchievedRatePerSecond(elapsedMs > 0 ? attempted * 1000.0 / elapsedMs : 0)
                .build();
    }

    static ChurnSnapshot snapshot(List<SocketEntry> tcp, TargetMatch target) {
        int tw = 0;
        int twToTarget = 0;
        int closingToTarget = 0;
        Set<String> toTargetSeen = new HashSet<>();
        for (SocketEntry e : tcp) {
            boolean toTarget = target.isPeerOf(e) && toTargetSeen.add(TargetMatch.key(e));
            if (e.getState().equals("TIME-WAIT")) {
                tw++;
                if (toTarget) {
                    twToTarget++;
                }
            } else if (toTarget && TargetMatch.isClosing(e)) {
                closingToTarget++;
            }
        }
        PortUsage usage = PortUsage.of(tcp);
        return ChurnSnapshot.newBuilder().setTimeWaitTotal(tw).setTimeWaitToTarget(twToTarget)
                .setClosingToTarget(closingToTarget)
                .setEphemeralPortsInUse(usage.inUse()).setEphemeralPortsInUsePercent(usage.percent())
                .setOpenFds(HostLimitsReader.openFds()).build();
    }
}
