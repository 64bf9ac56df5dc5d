package dev.l4lab.gateway.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command for the tests (ip, nft, tcpdump), bounded in time; the output is stdout and stderr merged. */
public final class Shell {

    public record Result(int exit, String output) {
        public boolean ok() {
            return exit == 0;
        }
    }

    private Shell() {
    }

    public static Result run(List<String> argv, int timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(4 << 20);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, new String(out, StandardCharsets.UTF_8) + " (killed after " + timeoutSeconds + " s)");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, "cannot run " + argv + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    public static Result run(String... argv) {
        return run(List.of(argv), 30);
    }

    /** Runs and fails the test with the command's own output when it does not succeed. */
    public static String must(String... argv) {
        Result r = run(argv);
        if (!r.ok()) {
            throw new IllegalStateException(String.join(" ", argv) + " failed (exit " + r.exit() + "): " + r.output());
        }
        return r.output();
    }
}
