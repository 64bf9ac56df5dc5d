package dev.l4lab.probe.churn;

import dev.l4lab.probe.sockets.SocketTable;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits, bounded, for a churn's closing handshakes to finish before the "after" snapshot is taken.
 * Our close() only sends the FIN: a socket reaches TIME-WAIT once the peer's FIN arrives, which can be
 * hundreds of ms later when the peer is busy, so a snapshot taken at once undercounts TIME-WAIT.
 * Blocking (/proc reads and parking): worker threads only, never the event loop.
 *
 * <p>Rule: poll every {@link #POLL_MS} ms; stop as soon as none of this churn's sockets is still closing
 * (FIN-WAIT-1, FIN-WAIT-2, CLOSING, LAST-ACK), or when the counts of this churn's closing and TIME-WAIT
 * sockets have not changed for {@link #STABLE_MS} ms (a peer that never closes leaves us in FIN-WAIT-2
 * for tcp_fin_timeout), or after {@link #MAX_MS} ms at most.
 */
final class CloseSettler {

    static final long POLL_MS = 50;
    static final long STABLE_MS = 500;
    static final long MAX_MS = 2000;

    /** This churn's sockets toward the target: still closing, and in TIME-WAIT. */
    record Counts(int closing, int timeWait) {
    }

    private final SocketTable table;

    CloseSettler(SocketTable table) {
        this.table = table;
    }

    /**
     * @param localPorts the local ports this churn's successful connections used; only sockets from these
     *                   ports toward the target decide when the closes have settled
     */
    double settle(TargetMatch target, BitSet localPorts, BooleanSupplier cancelled) {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(MAX_MS);
        Counts last = count(target, localPorts);
        long lastChange = System.nanoTime();
        while (last.closing() > 0 && !cancelled.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            long now = System.nanoTime();
            if (now >= deadline || now - lastChange >= TimeUnit.MILLISECONDS.toNanos(STABLE_MS)) {
                break;
            }
            LockSupport.parkNanos(Math.min(TimeUnit.MILLISECONDS.toNanos(POLL_MS), deadline - now));
            Counts c = count(target, localPorts);
            if (!c.equals(last)) {
                last = c;
                lastChange = System.nanoTime();
            }
        }
        return (System.nanoTime() - start) / 1e6;
    }

    /** One streaming pass over the TCP table. */
    Counts count(TargetMatch target, BitSet localPorts) {
        int[] closing = {0};
        int[] timeWait = {0};
        Set<String> seen = new HashSet<>();
        table.forEachTcp(e -> {
            if (!localPorts.get(e.getLocalPort()) || !target.isPeerOf(e) || !seen.add(TargetMatch.key(e))) {
                return;
            }
            if (TargetMatch.isClosing(e)) {
                closing[0]++;
            } else if (e.getState().equals("TIME-WAIT")) {
                timeWait[0]++;
            }
        });
        return new Counts(closing[0], timeWait[0]);
    }
}
