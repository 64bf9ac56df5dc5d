package dev.l4lab.gateway.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.gateway.api.ApiException;
import dev.l4lab.gateway.kernel.Command;
import dev.l4lab.gateway.kernel.CommandRunner;
import dev.l4lab.gateway.kernel.ToolFailure;
import dev.l4lab.gateway.kernel.ToolRun;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The bounds around every kernel tool: time, output, queue, and never on an event loop. */
class CommandRunnerTest {

    static CommandRunner runner(int threads, int queue) {
        return new CommandRunner(new CommandRunner.Settings(Optional.empty(), threads, queue, Duration.ofSeconds(5), 64 * 1024),
                new SimpleMeterRegistry());
    }

    @Test
    void aToolThatHangsIsKilledAtItsTimeBound() {
        long t0 = System.nanoTime();
        ToolRun r = runner(1, 1).run(Command.of("sleep", "30").withTimeout(Duration.ofMillis(500)));
        assertTrue(r.timedOut());
        assertFalse(r.ok());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 10_000, "stopped well before the 30 s");
        assertTrue(r.failureText().contains("sleep did not finish"), r.failureText());
    }

    @Test
    void aPlannedStopIsAResult() {
        ToolRun r = runner(1, 1).run(Command.of("sh", "-c", "echo started; sleep 30").stoppingAfter(Duration.ofMillis(500)));
        assertTrue(r.ok(), r.failureText());
        assertEquals("started\n", r.stdoutText());
    }

    @Test
    void outputIsCutAtItsBound() {
        ToolRun r = runner(1, 1).run(Command.of("head", "-c", "10000000", "/dev/zero").withMaxStdout(1000));
        assertTrue(r.stdoutTruncated());
        assertEquals(1000, r.stdout().length);
        List<String> lines = new ArrayList<>();
        ToolRun l = runner(1, 1).runLines(Command.of("sh", "-c", "printf 'a\\nbbbbbbbbbb\\nc\\n'"), 4, lines::add);
        assertTrue(l.ok());
        assertEquals(List.of("a", "bbbb", "c"), lines, "an overlong line is cut at maxLine");
        List<String> first = new ArrayList<>();
        runner(1, 1).runLines(Command.of("seq", "1", "1000000"), 16, line -> first.add(line) && first.size() < 3);
        assertEquals(List.of("1", "2", "3"), first, "the sink stops the tool");
    }

    @Test
    void standardInputAndErrorsCarryTheToolsWords() {
        assertEquals("ruleset", runner(1, 1).run(Command.of("cat").withStdin("ruleset")).stdoutText());
        ToolRun r = runner(1, 1).run(Command.of("sh", "-c", "echo 'Error: something refused' >&2; exit 3"));
        assertEquals(3, r.exitCode());
        assertEquals("sh exited 3: Error: something refused", r.failureText());
        ToolFailure f = assertThrows(ToolFailure.class, () -> runner(1, 1).run(Command.of("/nonexistent/tool")));
        assertTrue(f.getMessage().contains("could not run tool"), f.getMessage());
    }

    @Test
    void aFullQueueAnswersBusy() throws Exception {
        CommandRunner r = runner(1, 1);
        CountDownLatch hold = new CountDownLatch(1);
        CompletableFuture<Object> a = r.submit(() -> hold.await(10, TimeUnit.SECONDS)).subscribeAsCompletionStage().thenApply(x -> x);
        CompletableFuture<Object> b = r.submit(() -> "queued").subscribeAsCompletionStage().thenApply(x -> x);
        ExecutionException c = assertThrows(ExecutionException.class,
                () -> r.submit(() -> "rejected").subscribeAsCompletionStage().get(5, TimeUnit.SECONDS));
        assertInstanceOf(ApiException.class, c.getCause());
        assertEquals(429, ((ApiException) c.getCause()).status());
        hold.countDown();
        assertEquals(true, a.get(10, TimeUnit.SECONDS));
        assertEquals("queued", b.get(10, TimeUnit.SECONDS));
    }

    @Test
    void neverOnAnEventLoop() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            CompletableFuture<Throwable> seen = new CompletableFuture<>();
            vertx.runOnContext(v -> {
                try {
                    runner(1, 1).run(Command.of("true"));
                    seen.complete(null);
                } catch (Throwable e) {
                    seen.complete(e);
                }
            });
            assertInstanceOf(IllegalStateException.class, seen.get(10, TimeUnit.SECONDS));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
