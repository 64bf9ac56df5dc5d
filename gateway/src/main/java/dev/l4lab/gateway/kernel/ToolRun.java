package dev.l4lab.gateway.kernel;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** What a tool did ({@code tool} is its name, {@code argv} what ran, "ip netns exec" included): exit code, the (bounded) standard output and error, and whether a bound cut it short. */
public record ToolRun(String tool, List<String> argv, int exitCode, byte[] stdout, String stderr, boolean stdoutTruncated,
                            boolean timedOut, long durationMillis) {

    public boolean ok() {
        return exitCode == 0 && !timedOut;
    }

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /** The tool's own words for what went wrong, for an answer to the client: "nft: Error: ...". */
    public String failureText() {
        if (timedOut) {
            return tool + " did not finish within its time bound and was stopped";
        }
        String err = stderr == null ? "" : stderr.strip();
        if (err.isEmpty()) {
            err = stdoutText().strip();
        }
        if (err.length() > 2000) {
            err = err.substring(0, 2000) + " ...";
        }
        return tool + " exited " + exitCode + (err.isEmpty() ? "" : ": " + err);
    }
}
