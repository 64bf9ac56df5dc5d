package dev.l4lab.probe.exec;

import dev.l4lab.probe.config.ProbeConfig;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Worker threads for blocking work: DNS lookups, JDK DatagramChannel probes, /proc reads and churn
 * connects. Keeps all of it off the Vert.x event loop (Java 17: no virtual threads).
 */
@ApplicationScoped
public class BlockingExecutor {

    private final ExecutorService pool;
    /** Long-running loops (scan sweeps, UDP scan lanes, churn); bounded by the operation cap. */
    private final ExecutorService longRunning;

    public BlockingExecutor(ProbeConfig config) {
        int threads = config.limits().workerThreads();
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "probe-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        this.pool = executor;
        AtomicInteger m = new AtomicInteger();
        this.longRunning = java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "probe-long-" + m.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code work} on a worker thread; the Uni completes there. */
    public <T> Uni<T> run(Callable<T> work) {
        return on(pool, work);
    }

    private static <T> Uni<T> on(ExecutorService executor, Callable<T> work) {
        return Uni.createFrom().item(() -> {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).runSubscriptionOn(executor);
    }

    public void execute(Runnable task) {
        pool.execute(task);
    }

    /** For loops that run as long as one operation (they hold a concurrency slot, which bounds them). */
    public void executeLong(Runnable task) {
        longRunning.execute(task);
    }

    public <T> Uni<T> runLong(Callable<T> work) {
        return on(longRunning, work);
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
        longRunning.shutdownNow();
    }
}
