package dev.l4lab.gateway.kernel;

import java.time.Duration;
import java.util.List;

/**
 * One run of a kernel tool: its argument vector (never a shell line), optional standard input, a time bound
 * and a bound on the standard output kept. With {@code stopAtTimeout} the time bound is the planned end
 * (tcpdump for N seconds): the tool gets SIGTERM and its output so far counts as a result.
 */
public record Command(List<String> argv, String stdin, Duration timeout, int maxStdoutBytes, boolean stopAtTimeout) {

    public Command {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs a program");
        }
    }

    /** A command with the runner's default time and output bounds. */
    public static Command of(String... argv) {
        return new Command(List.of(argv), null, null, 0, false);
    }

    public static Command of(List<String> argv) {
        return new Command(argv, null, null, 0, false);
    }

    public Command withStdin(String text) {
        return new Command(argv, text, timeout, maxStdoutBytes, stopAtTimeout);
    }

    public Command withTimeout(Duration d) {
        return new Command(argv, stdin, d, maxStdoutBytes, stopAtTimeout);
    }

    public Command withMaxStdout(int bytes) {
        return new Command(argv, stdin, timeout, bytes, stopAtTimeout);
    }

    /** The time bound ends the tool normally (SIGTERM), as for a capture of N seconds. */
    public Command stoppingAfter(Duration d) {
        return new Command(argv, stdin, d, maxStdoutBytes, true);
    }

    public String tool() {
        String p = argv.get(0);
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
