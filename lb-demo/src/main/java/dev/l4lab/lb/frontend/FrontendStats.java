package dev.l4lab.lb.frontend;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** Counters of one frontend (TCP and L7 connections, or UDP sessions and datagrams). */
public final class FrontendStats {
    public final AtomicLong active = new AtomicLong();
    public final AtomicLong total = new AtomicLong();
    /** TCP: closed by the idle / client-fin / server-fin timeouts. UDP: sessions expired. */
    public final AtomicLong idleClosed = new AtomicLong();
    // LongAdder: every event loop adds on every read
    public final LongAdder bytesIn = new LongAdder();
    public final LongAdder bytesOut = new LongAdder();
    private final AtomicLongArray drops = new AtomicLongArray(Drop.values().length);
    private volatile LongSupplier kernelDrops = () -> 0;

    public void drop(Drop why) {
        drops.incrementAndGet(why.ordinal());
    }

    public long drops(Drop why) {
        return why == Drop.RECEIVE_BUFFER ? kernelDrops.getAsLong() : drops.get(why.ordinal());
    }

    /** Every reason with its count, in declaration order. */
    public Map<String, Long> dropsByReason() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Drop d : Drop.values()) {
            out.put(d.reason(), drops(d));
        }
        return out;
    }

    /** Where the kernel's count of the listening socket's drops is read (UDP). */
    public void kernelDrops(LongSupplier source) {
        kernelDrops = source;
    }

    /** Counts one more active connection unless {@code max} are open (then counts a refusal); false: refuse it. */
    public boolean admit(int max) {
        long cur;
        do {
            cur = active.get();
            if (cur >= max) {
                drop(Drop.LIMIT);
                return false;
            }
        } while (!active.compareAndSet(cur, cur + 1));
        return true;
    }
}
