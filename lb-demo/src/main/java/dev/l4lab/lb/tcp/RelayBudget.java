package dev.l4lab.lb.tcp;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay memory of one TCP frontend. Every connection holds at least {@link RelayBuffers#FLOOR}, and the
 * budget covers max-connections of those (checked at start-up); what is left over is lent to connections for
 * larger buffers while they are open, so a few bulk streams get big buffers and thousands of connections still fit.
 */
public final class RelayBudget {

    private final AtomicLong spare;

    /** @param bytes the frontend's share of relay memory, at least maxConnections times the floor */
    public RelayBudget(long bytes, int maxConnections) {
        long floor = floorBytes() * maxConnections;
        if (bytes < floor) {
            throw new IllegalArgumentException("relay budget " + bytes + " below " + maxConnections + " x " + floorBytes());
        }
        this.spare = new AtomicLong(bytes - floor);
    }

    /** What each connection always has. */
    public static long floorBytes() {
        return RelayBuffers.FLOOR.bytesPerConnection();
    }

    /** The largest buffers the spare memory allows, lent until {@link #giveBack}. */
    RelayBuffers lend() {
        for (RelayBuffers size : RelayBuffers.values()) {
            long extra = size.bytesPerConnection() - floorBytes();
            if (extra == 0) {
                return size;
            }
            long left = spare.get();
            while (left >= extra) {
                if (spare.compareAndSet(left, left - extra)) {
                    return size;
                }
                left = spare.get();
            }
        }
        return RelayBuffers.FLOOR;
    }

    void giveBack(RelayBuffers size) {
        long extra = size.bytesPerConnection() - floorBytes();
        if (extra > 0) {
            spare.addAndGet(extra);
        }
    }

    long spareBytes() {
        return spare.get();
    }
}
