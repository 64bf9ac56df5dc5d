package dev.l4lab.gateway.kernel;

import dev.l4lab.gateway.api.ApiException;
import dev.l4lab.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Runs the kernel tools (nft, conntrack, sysctl, tc, ip, tcpdump) as child processes: on a bounded pool of
 * worker threads, never on an event loop, each with a time bound (a watchdog kills it) and a bound on the
 * output kept. With gateway.kernel.netns set, every tool runs inside that namespace via "ip netns exec".
 */
@ApplicationScoped
public class CommandRunner {

    /** What stderr text is kept per run: tools print one or a few lines there. */
    static final int MAX_STDERR_BYTES = 64 * 1024;

    /** The runner's bounds, from config or (tests) given directly. */
    public record Settings(Optional<String> netns, int threads, int queueSize, Duration timeout, int maxOutputBytes) {

        static Settings of(GatewayConfig config) {
            GatewayConfig.Kernel k = config.kernel();
            return new Settings(k.netns(), k.workerThreads(), k.queueSize(), k.commandTimeout(), k.maxOutputBytes());
        }
    }

    private final Settings settings;
    private final ThreadPoolExecutor pool;
    private final ScheduledExecutorService watchdog;
    private final MeterRegistry registry;

    @Inject
    public CommandRunner(GatewayConfig config, MeterRegistry registry) {
        this(Settings.of(config), registry);
    }

    public CommandRunner(Settings settings, MeterRegistry registry) {
        this.settings = settings;
        this.registry = registry;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(settings.threads(), settings.threads(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(settings.queueSize()), r -> {
                    Thread t = new Thread(r, "gateway-kernel-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gateway-kernel-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    public Optional<String> netns() {
        return settings.netns();
    }

    /** Runs {@code work} on the kernel pool; a full queue fails at once with 429 (counted). */
    public <T> Uni<T> submit(Callable<T> work) {
        return Uni.createFrom().emitter(em -> {
            try {
                pool.execute(() -> {
                    try {
                        em.complete(work.call());
                    } catch (Throwable e) {
                        em.fail(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                registry.counter("gateway.rejected.requests", "reason", "kernel-queue-full").increment();
                em.fail(ApiException.busy("the gateway's kernel work queue is full (gateway.kernel.queue-size="
                        + settings.queueSize() + "); try again"));
            }
        });
    }

    /** Fire-and-forget work on the pool (start-up, metrics refresh); false when the queue is full. */
    public boolean execute(Runnable work) {
        try {
            pool.execute(work);
            return true;
        } catch (RejectedExecutionException e) {
            registry.counter("gateway.rejected.requests", "reason", "kernel-queue-full").increment();
            return false;
        }
    }

    /** Runs one tool in the calling thread and keeps its output (bounded). */
    public ToolRun run(Command command) {
        return execute(command, null);
    }

    /** Runs one tool and hands each output line (at most {@code maxLine} chars kept) to {@code sink}; false stops it. */
    public ToolRun runLines(Command command, int maxLine, Predicate<String> sink) {
        return execute(command, new LineSplitter(maxLine, sink));
    }

    /** Runs one tool; a failure (non-zero exit, time bound) becomes a {@link ToolFailure} with its message. */
    public ToolRun runOrThrow(Command command) {
        ToolRun r = run(command);
        if (!r.ok()) {
            throw new ToolFailure(r);
        }
        return r;
    }

    List<String> fullArgv(List<String> argv) {
        if (settings.netns().isEmpty()) {
            return argv;
        }
        List<String> full = new ArrayList<>(argv.size() + 4);
        full.addAll(List.of("ip", "netns", "exec", settings.netns().get()));
        full.addAll(argv);
        return full;
    }

    private ToolRun execute(Command command, LineSplitter lines) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("kernel tool " + command.tool() + " must not run on an event loop");
        }
        Duration timeout = command.timeout() == null ? settings.timeout() : command.timeout();
        int maxOut = command.maxStdoutBytes() > 0 ? command.maxStdoutBytes() : settings.maxOutputBytes();
        List<String> argv = fullArgv(command.argv());
        long started = System.nanoTime();
        Path errFile = null;
        Process process = null;
        ScheduledFuture<?> stop = null;
        AtomicBoolean timedOut = new AtomicBoolean();
        try {
            errFile = Files.createTempFile("l4lab-gateway-", ".stderr");
            ProcessBuilder pb = new ProcessBuilder(argv).redirectError(errFile.toFile());
            process = pb.start();
            Process p = process;
            stop = watchdog.schedule(() -> {
                timedOut.set(true);
                terminate(p, false);
                watchdog.schedule(() -> terminate(p, true), 2, TimeUnit.SECONDS);
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try (OutputStream in = process.getOutputStream()) {
                if (command.stdin() != null) {
                    in.write(command.stdin().getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // The tool exited before reading its input; its exit code and stderr say why.
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            boolean truncated = readStdout(process, out, maxOut, lines);
            if (truncated) {
                terminate(process, false);
            }
            long left = Math.max(1, timeout.toMillis() + 3000 - elapsedMillis(started));
            if (!process.waitFor(left, TimeUnit.MILLISECONDS)) {
                terminate(process, true);
                process.waitFor(2, TimeUnit.SECONDS);
                timedOut.set(true);
            }
            stop.cancel(false);
            String err = readBounded(errFile, MAX_STDERR_BYTES);
            boolean planned = command.stopAtTimeout() && timedOut.get();
            int exit = process.isAlive() ? -1 : process.exitValue();
            if (planned || (truncated && lines != null)) {
                exit = 0;   // stopped by us on purpose: the output so far is the result
            }
            ToolRun result = new ToolRun(command.tool(), argv, exit, out.toByteArray(), err, truncated,
                    timedOut.get() && !planned, elapsedMillis(started));
            record(command.tool(), result, started);
            return result;
        } catch (IOException e) {
            registry.counter("gateway.kernel.commands", "tool", command.tool(), "outcome", "not-started").increment();
            throw new ToolFailure("could not run " + command.tool() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolFailure(command.tool() + " was interrupted", e);
        } finally {
            if (stop != null) {
                stop.cancel(false);
            }
            if (process != null && process.isAlive()) {
                terminate(process, true);
            }
            if (errFile != null) {
                try {
                    Files.deleteIfExists(errFile);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    /**
     * Stops a tool and whatever it started: a child that outlives it would keep the output pipe open and the
     * reading thread waiting. SIGTERM first (tcpdump then finishes its file), SIGKILL when {@code force}.
     */
    private static void terminate(Process p, boolean force) {
        p.descendants().forEach(force ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
        if (force) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
    }

    private static boolean readStdout(Process process, ByteArrayOutputStream out, int max, LineSplitter lines) throws IOException {
        byte[] buf = new byte[8192];
        long total = 0;
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (lines != null) {
                    if (!lines.accept(buf, n) || total > max) {
                        return true;
                    }
                    continue;
                }
                int room = max - out.size();
                if (n > room) {
                    out.write(buf, 0, Math.max(0, room));
                    return true;
                }
                out.write(buf, 0, n);
            }
        }
        if (lines != null) {
            lines.finish();
        }
        return false;
    }

    private static String readBounded(Path file, int max) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(max), StandardCharsets.UTF_8);
        }
    }

    private void record(String tool, ToolRun r, long started) {
        String outcome = r.timedOut() ? "timeout" : r.exitCode() == 0 ? "ok" : "failed";
        registry.counter("gateway.kernel.commands", "tool", tool, "outcome", outcome).increment();
        Timer.builder("gateway.kernel.command.duration").tag("tool", tool).register(registry)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private static long elapsedMillis(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    @PreDestroy
    void stop() {
        pool.shutdownNow();
        watchdog.shutdownNow();
    }

    /** Splits a byte stream into lines of at most {@code maxLine} characters (the rest of a longer line is dropped). */
    static final class LineSplitter {
        private final int maxLine;
        private final Predicate<String> sink;
        private final StringBuilder line = new StringBuilder();
        private boolean stopped;

        LineSplitter(int maxLine, Predicate<String> sink) {
            this.maxLine = maxLine;
            this.sink = sink;
        }

        boolean accept(byte[] buf, int n) {
            for (int i = 0; i < n && !stopped; i++) {
                char c = (char) (buf[i] & 0xff);
                if (c == '\n') {
                    stopped = !sink.test(line.toString());
                    line.setLength(0);
                } else if (line.length() < maxLine) {
                    line.append(c);
                }
            }
            return !stopped;
        }

        void finish() {
            if (!stopped && line.length() > 0) {
                sink.test(line.toString());
            }
        }
    }
}
