package dev.l4lab.probe.exec;

import dev.l4lab.probe.config.ProbeConfig;
import dev.l4lab.probe.error.ProbeException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every thread the probes use besides the Vert.x event loops, in three bounded pools (Java 17: no
 * virtual threads). Each operation holds a concurrency slot and keeps at most one task queued per pool at
 * a time (or its sweep lanes), so the queues are bounded by construction; a full queue is refused with
 * RESOURCE_EXHAUSTED rather than growing.
 * <ul>
 *   <li>workers: DNS lookups, single UDP probes, /proc reads ({@code probe.limits.worker-threads});</li>
 *   <li>sweeps: threads that live as long as one operation: scan lanes and churn loops (at most
 *       {@code max-concurrent x lanes} of them);</li>
 *   <li>matchers: expect regexes ({@code probe.limits.match-threads}), so a slow match never holds an
 *       event loop or the DNS workers.</li>
 * </ul>
 */
@ApplicationScoped
public class BlockingExecutor {

    /** At most this many sweep threads per scan (one selector each; a sweep is syscall-bound: one per core). */
    public static final int MAX_LANES = 4;

    private final int lanes;
    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor sweeps;
    private final ThreadPoolExecutor matchers;

    public BlockingExecutor(ProbeConfig config) {
        int slots = config.limits().maxConcurrent();
        // read at run time (a static would be fixed when a native image is built)
        lanes = Math.max(1, Math.min(MAX_LANES, Runtime.getRuntime().availableProcessors()));
        workers = pool("probe-worker-", config.limits().workerThreads(), new ArrayBlockingQueue<>(slots * 2 + 64));
        sweeps = pool("probe-sweep-", slots * lanes, new SynchronousQueue<>());
        matchers = pool("probe-match-", config.limits().matchThreads(), new ArrayBlockingQueue<>(slots * 2 + 64));
    }

    private static ThreadPoolExecutor pool(String name, int threads, BlockingQueue<Runnable> queue) {
        AtomicInteger n = new AtomicInteger();
        boolean direct = queue instanceof SynchronousQueue;
        ThreadPoolExecutor executor = new ThreadPoolExecutor(direct ? 0 : threads, threads, 30, TimeUnit.SECONDS, queue,
                r -> {
                    Thread t = new Thread(r, name + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** Sweep threads one TCP scan uses: one per core, at most {@link #MAX_LANES}. */
    public int lanes() {
        return lanes;
    }

    /** Runs {@code work} on a worker thread; the Uni completes there. */
    public <T> Uni<T> run(Callable<T> work) {
        return on(workers, work);
    }

    /** Runs {@code work} on a matcher thread. */
    public <T> Uni<T> match(Callable<T> work) {
        return on(matchers, work);
    }

    public void execute(Runnable task) {
        submit(workers, task);
    }

    /** For loops that run as long as one operation. */
    public void executeSweep(Runnable task) {
        submit(sweeps, task);
    }

    /** {@code work} on a sweep thread (a churn loop). */
    public <T> Uni<T> runSweep(Callable<T> work) {
        return on(sweeps, work);
    }

    private static <T> Uni<T> on(ExecutorService executor, Callable<T> work) {
        return Uni.createFrom().emitter(em -> submit(executor, () -> {
            try {
                em.complete(work.call());
            } catch (Exception e) {
                em.fail(e);
            }
        }));
    }

    private static void submit(ExecutorService executor, Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            throw ProbeException.exhausted("no free thread for this probe (pool full)");
        }
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
        sweeps.shutdownNow();
        matchers.shutdownNow();
    }
}
