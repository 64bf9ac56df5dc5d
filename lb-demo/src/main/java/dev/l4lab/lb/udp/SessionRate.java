package dev.l4lab.lb.udp;

/**
 * A token bucket for new sessions (rate per second, a burst of one second's worth). Creating a session costs a
 * socket and several system calls; a flood of new source addresses must not take the event loop from the
 * sessions that exist. Event-loop confined.
 */
final class SessionRate {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long lastNanos = System.nanoTime();

    SessionRate(int perSecond) {
        this.perNano = perSecond / 1e9;
        this.burst = perSecond;
        this.tokens = perSecond;
    }

    boolean tryAcquire() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - lastNanos) * perNano);
        lastNanos = now;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }
}
