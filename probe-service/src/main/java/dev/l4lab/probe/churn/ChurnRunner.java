package dev.l4lab.probe.churn;

import dev.l4lab.probe.hostlimits.HostLimitsReader;
import dev.l4lab.probe.hostlimits.PortUsage;
import dev.l4lab.probe.net.ConnectError;
import dev.l4lab.probe.policy.ResolvedTarget;
import dev.l4lab.probe.sockets.SocketTable;
import dev.l4lab.probe.v1.ChurnResponse;
import dev.l4lab.probe.v1.ChurnSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The TIME_WAIT lab: N short connections, one after another at a bounded rate, each closed by us
 * first (an orderly FIN, no SO_LINGER 0), so TIME-WAIT lands on this side as it does on a client that
 * does not pool connections. The after snapshot waits (bounded) for the closing handshakes to settle,
 * see {@link CloseSettler}. Blocking: runs on a sweep thread. A cancelled churn stops before its next
 * connect (and skips the settle wait), so its slot comes back within one connect timeout.
 */
@ApplicationScoped
public class ChurnRunner {

    /** How often a wait between connects looks at the cancel flag (a rate of 1/s waits a second). */
    private static final long PARK_SLICE_NANOS = 50_000_000L;

    private final SocketTable table;
    private final CloseSettler settler;

    public ChurnRunner(SocketTable table) {
        this.table = table;
        this.settler = new CloseSettler(table);
    }

    public ChurnResponse run(ChurnSpec spec, ResolvedTarget target, BooleanSupplier cancelled) {
        InetAddress address = target.address();
        TargetMatch match = TargetMatch.of(address, spec.port());
        ChurnSnapshot before = snapshot(match);
        BitSet localPorts = new BitSet(65536);
        Map<String, Integer> errors = new TreeMap<>();
        Map<String, Integer> reasons = new TreeMap<>();
        String firstError = "";
        int succeeded = 0;
        long intervalNanos = 1_000_000_000L / spec.ratePerSecond();
        long start = System.nanoTime();
        int attempted = 0;
        for (int i = 0; i < spec.count(); i++) {
            long due = start + i * intervalNanos;
            for (long wait = due - System.nanoTime(); wait > 0 && !cancelled.getAsBoolean(); wait = due - System.nanoTime()) {
                LockSupport.parkNanos(Math.min(wait, PARK_SLICE_NANOS));
            }
            if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
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
                reasons.merge(kind.reason.word, 1, Integer::sum);
                if (firstError.isEmpty()) {
                    firstError = ConnectError.describe(e);
                }
            }
        }
        double elapsedMs = (System.nanoTime() - start) / 1e6;
        // Right after the last close() many FINs are still in flight: wait for them before counting.
        double settleMs = cancelled.getAsBoolean() ? 0 : settler.settle(match, localPorts, cancelled);
        ChurnSnapshot after = snapshot(match);
        return ChurnResponse.newBuilder()
                .setResolvedAddress(target.addressText())
                .setAttempted(attempted).setSucceeded(succeeded)
                .putAllErrors(errors).putAllReasons(reasons).setFirstError(firstError)
                .setBefore(before).setAfter(after)
                .setElapsedMs(elapsedMs).setSettleMs(settleMs)
                .setAchievedRatePerSecond(elapsedMs > 0 ? attempted * 1000.0 / elapsedMs : 0)
                .build();
    }

    /** One streaming pass over the TCP table: TIME-WAIT and closing counts, ephemeral ports in use. */
    ChurnSnapshot snapshot(TargetMatch target) {
        int[] tw = {0};
        int[] twToTarget = {0};
        int[] closingToTarget = {0};
        Set<String> toTargetSeen = new HashSet<>();
        PortUsage.Counter ports = new PortUsage.Counter();
        table.forEachTcp(e -> {
            ports.accept(e);
            boolean toTarget = target.isPeerOf(e) && toTargetSeen.add(TargetMatch.key(e));
            if (e.getState().equals("TIME-WAIT")) {
                tw[0]++;
                if (toTarget) {
                    twToTarget[0]++;
                }
            } else if (toTarget && TargetMatch.isClosing(e)) {
                closingToTarget[0]++;
            }
        });
        PortUsage usage = ports.usage();
        return ChurnSnapshot.newBuilder().setTimeWaitTotal(tw[0]).setTimeWaitToTarget(twToTarget[0])
                .setClosingToTarget(closingToTarget[0])
                .setEphemeralPortsInUse(usage.inUse()).setEphemeralPortsInUsePercent(usage.percent())
                .setOpenFds(HostLimitsReader.openFds()).build();
    }
}
