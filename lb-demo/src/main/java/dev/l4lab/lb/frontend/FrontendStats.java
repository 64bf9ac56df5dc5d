package dev.l4lab.lb.frontend;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one frontend (TCP connections or UDP sessions). */
public final class FrontendStats {
    public final AtomicLong active = new AtomicLong();
    public final AtomicLong total = new AtomicLong();
    /** Refused at max-connections / max-sessions. */
    public final AtomicLong rejectedAtLimit = new AtomicLong();
    /** Closed (TCP) or dropped (UDP) because no backend was available or every attempt failed. */
    public final AtomicLong noBackend = new AtomicLong();
    /** TCP: closed by the idle / client-fin / server-fin timeouts. UDP: sessions expired. */
    public final AtomicLong idleClosed = new AtomicLong();
    /** UDP: datagrams dropped on a session's upstream socket because their source was not its backend. */
    public final AtomicLong foreignDropped = new AtomicLong();
    // LongAdder: every event loop adds on every read
    public final LongAdder bytesIn = new LongAdder();
    public final LongAdder bytesOut = new LongAdder();

    /** Counts one more active connection unless {@code max} are open (then counts a rejection); false: refuse it. */
    public boolean admit(int max) {
        long cur;
        do {
            cur = active.get();
            if (cur >= max) {
                rejectedAtLimit.incrementAndGet();
                return false;
            }
        } while (!active.compareAndSet(cur, cur + 1));
        return true;
    }
}
