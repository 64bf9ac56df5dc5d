package dev.l4lab.gateway.kernel;

import java.util.regex.Pattern;

/** Reads and writes the namespace's sysctls with the sysctl tool (so "ip netns exec" applies to it too). */
public final class Sysctls {

    private static final Pattern KEY = Pattern.compile("net\\.(netfilter|ipv4)\\.[a-z0-9_]{1,64}");
    private static final Pattern VALUE = Pattern.compile("[0-9]{1,10}");

    private Sysctls() {
    }

    /** The value, or null when the key does not exist here. */
    public static String read(CommandRunner runner, String key) {
        check(key);
        ToolRun r = runner.run(Command.of("sysctl", "-n", key));
        return r.ok() ? r.stdoutText().strip() : null;
    }

    /** Writes a numeric value; a refusal (read-only /proc/sys, a key the kernel keeps global) is a ToolFailure. */
    public static void write(CommandRunner runner, String key, String value) {
        check(key);
        if (!VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("sysctl values here are numbers, got '" + value + "'");
        }
        ToolRun r = runner.run(Command.of("sysctl", "-q", "-w", key + "=" + value));
        if (!accepted(r)) {
            throw new ToolFailure(r.exitCode() != 0 ? r.failureText() : "sysctl: " + r.stderr().strip(), null);
        }
    }

    /** procps sysctl exits 0 even when the kernel refuses a write; a message on stderr is the refusal. */
    private static boolean accepted(ToolRun r) {
        return r.ok() && (r.stderr() == null || r.stderr().isBlank());
    }

    /** Whether a write would be accepted: writes the current value back (a no-op for the kernel). */
    public static boolean writable(CommandRunner runner, String key) {
        String current = read(runner, key);
        if (current == null) {
            return false;
        }
        return accepted(runner.run(Command.of("sysctl", "-q", "-w", key + "=" + current)));
    }

    private static void check(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a sysctl the gateway touches: " + key);
        }
    }
}
