package dev.l4lab.probe.scan;

import dev.l4lab.probe.config.ProbeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The sockets all scans together may keep in flight (probe.limits.max-scan-sockets): one file
 * descriptor each, so concurrent scans cannot run the service out of descriptors. A lane that gets
 * none waits; its ports are not lost.
 */
@ApplicationScoped
public class ScanSockets {

    private final Semaphore permits;

    public ScanSockets(ProbeConfig config) {
        this.permits = new Semaphore(config.limits().maxScanSockets());
    }

    boolean tryAcquire() {
        return permits.tryAcquire();
    }

    void release() {
        permits.release();
    }

    /** Waits up to {@code ms} for one socket to come free, without taking it. */
    void await(long ms) throws InterruptedException {
        if (permits.tryAcquire(ms, TimeUnit.MILLISECONDS)) {
            permits.release();
        }
    }

    public int available() {
        return permits.availablePermits();
    }
}
