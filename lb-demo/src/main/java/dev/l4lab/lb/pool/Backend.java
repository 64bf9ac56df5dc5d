package dev.l4lab.lb.pool;

import dev.l4lab.lb.balance.Candidate;
import dev.l4lab.lb.net.ConnectFailure;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * One backend server of a pool: its operator state, its health (active checks and passive connect failures) and
 * its traffic counters. Thread-safe: the event loops of every frontend share it.
 */
public final class Backend implements Candidate {

    private final BackendAddress address;
    private volatile int weight;
    private volatile AdminState adminState = AdminState.READY;
    private volatile boolean healthy = true;
    private volatile boolean removed;
    private volatile String lastCheck = "not checked yet";

    // health streaks, guarded by this
    private int okStreak;
    private int failStreak;
    private int connectFailStreak;

    private final AtomicLong active = new AtomicLong();
    private final AtomicLong total = new AtomicLong();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLongArray failuresByReason = new AtomicLongArray(ConnectFailure.values().length);

    public Backend(BackendAddress address, int weight, int fall) {
        this.address = address;
        this.weight = weight;
        // Like HAProxy: assumed up at start, but the first failed check takes it down.
        this.failStreak = Math.max(0, fall - 1);
    }

    public BackendAddress address() {
        return address;
    }

    /** "host:port", the backend's id inside its pool. */
    @Override
    public String name() {
        return address.toString();
    }

    @Override
    public int weight() {
        return weight;
    }

    public void setWeight(int weight) {
        this.weight = weight;
    }

    public void setAdminState(AdminState adminState) {
        this.adminState = adminState;
    }

    /**
     * Still in its pool and not DOWN by health, whatever its operator state: a UDP session pinned to it may stay
     * (a DRAINING or MAINT backend keeps its sessions), one pinned to a removed or dead backend must move.
     */
    public boolean alive() {
        return !removed && healthy;
    }

    /** Taken out of its pool; it takes nothing new and sessions pinned to it move. */
    void markRemoved() {
        removed = true;
    }

    public String lastCheck() {
        return lastCheck;
    }

    public BackendState state() {
        return switch (adminState) {
            case MAINT -> BackendState.MAINT;
            case DRAINING -> BackendState.DRAINING;
            case READY -> healthy ? BackendState.UP : BackendState.DOWN;
        };
    }

    /** UP with a weight above 0: may be picked for new connections. */
    public boolean eligible() {
        return adminState == AdminState.READY && healthy && !removed && weight > 0;
    }

    /** Counts a new connection unless the backend already has maxConnections (0 = unlimited). */
    public boolean tryAcquire(int maxConnections) {
        if (maxConnections <= 0) {
            active.incrementAndGet();
        } else {
            long cur;
            do {
                cur = active.get();
                if (cur >= maxConnections) {
                    return false;
                }
            } while (!active.compareAndSet(cur, cur + 1));
        }
        total.incrementAndGet();
        return true;
    }

    public boolean hasCapacity(int maxConnections) {
        return maxConnections <= 0 || active.get() < maxConnections;
    }

    /** Counts a request that holds no connection (per-packet UDP, or an L7 request on a pooled connection). */
    public void countRequest() {
        total.incrementAndGet();
    }

    public void release() {
        active.decrementAndGet();
    }

    @Override
    public long activeConnections() {
        return active.get();
    }

    public long totalConnections() {
        return total.get();
    }

    /** Bytes from the client to this backend. */
    public void addBytesIn(long n) {
        bytesIn.add(n);
    }

    /** Bytes from this backend to the client. */
    public void addBytesOut(long n) {
        bytesOut.add(n);
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    /** Failed connects from the data path (TCP sessions, L7 requests); health checks are not counted here. */
    public long failures() {
        return failures.get();
    }

    public long failures(ConnectFailure why) {
        return failuresByReason.get(why.ordinal());
    }

    /** Failed connects by reason word, every word (0 included) in declaration order; they add up to failures(). */
    public Map<String, Long> failuresByReason() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (ConnectFailure f : ConnectFailure.values()) {
            out.put(f.word(), failuresByReason.get(f.ordinal()));
        }
        return out;
    }

    public synchronized void reportConnectSuccess() {
        connectFailStreak = 0;
    }

    /** Passive health: passiveFall consecutive connect failures mark the backend DOWN (0 = never). */
    public synchronized void reportConnectFailure(int passiveFall, ConnectFailure why) {
        failuresByReason.incrementAndGet(why.ordinal());
        failures.incrementAndGet();
        connectFailStreak++;
        if (passiveFall > 0 && connectFailStreak >= passiveFall && healthy) {
            healthy = false;
            okStreak = 0;
            lastCheck = "passive: " + connectFailStreak + " consecutive connect failures (" + why.word() + ")";
        }
    }

    /** Active health: rise consecutive successes bring it UP, fall consecutive failures take it DOWN. */
    public synchronized void reportCheck(boolean ok, int rise, int fall, String detail) {
        lastCheck = (ok ? "ok" : "failed") + (detail == null || detail.isEmpty() ? "" : ": " + detail);
        if (ok) {
            failStreak = 0;
            okStreak++;
            if (!healthy && okStreak >= rise) {
                healthy = true;
                connectFailStreak = 0;
            }
        } else {
            okStreak = 0;
            failStreak++;
            if (healthy && failStreak >= fall) {
                healthy = false;
            }
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
