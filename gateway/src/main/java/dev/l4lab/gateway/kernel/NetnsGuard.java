package dev.l4lab.gateway.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Refuses to let the gateway configure netfilter in the host's initial network namespace. Three independent
 * signals, any one of which refuses:
 * <ol>
 *   <li>the target namespace has inode 4026531833 (0xEFFFFFF9), the fixed number recent kernels give the
 *       initial one (namespaces created later get numbers from 0xF0000000 up, so no other can have it);</li>
 *   <li>we run in the initial PID namespace (fixed inode 0xEFFFFFFC) and the target is the network
 *       namespace of PID 1, the host's init;</li>
 *   <li>nf_conntrack_max is writable (mode 644): the kernel makes it read-only in every other namespace.</li>
 * </ol>
 * The checks read the target namespace through the runner, so "ip netns exec NAME" is checked too.
 */
public final class NetnsGuard {

    static final long INIT_NET_INODE = 0xEFFFFFF9L;
    static final long INIT_PID_INODE = 0xEFFFFFFCL;
    static final String CONNTRACK_MAX = "/proc/sys/net/netfilter/nf_conntrack_max";

    /** The verdict: where the tools would run, and why that is refused (null when allowed). */
    public record Verdict(String netnsInode, String refusal) {
        public boolean allowed() {
            return refusal == null;
        }
    }

    private NetnsGuard() {
    }

    public static Verdict check(CommandRunner runner) {
        ToolRun link = runner.run(Command.of("readlink", "/proc/self/ns/net"));
        String target = link.stdoutText().strip();
        if (!link.ok() || !target.startsWith("net:[")) {
            return new Verdict(target, "cannot tell which network namespace the kernel tools run in ("
                    + link.failureText() + "), so the gateway will not configure netfilter");
        }
        List<String> signals = new ArrayList<>();
        long inode = inode(target);
        if (inode == INIT_NET_INODE) {
            signals.add("its inode " + inode + " is the kernel's fixed number for the initial network namespace");
        }
        String ownPid = readLink(Path.of("/proc/self/ns/pid"));
        String pid1Net = readLink(Path.of("/proc/1/ns/net"));
        if (ownPid != null && inode(ownPid) == INIT_PID_INODE && target.equals(pid1Net)) {
            signals.add("it is the network namespace of PID 1 of the initial PID namespace (the host's init)");
        }
        ToolRun mode = runner.run(Command.of("stat", "-c", "%a", CONNTRACK_MAX));
        if (mode.ok() && mode.stdoutText().strip().startsWith("6")) {
            signals.add("nf_conntrack_max is writable there, which the kernel allows only in the initial namespace");
        }
        if (signals.isEmpty()) {
            return new Verdict(target, null);
        }
        String where = runner.netns().map(n -> "network namespace '" + n + "'").orElse("this process's network namespace");
        return new Verdict(target, "refusing to configure netfilter: " + where + " (" + target
                + ") is the host's initial network namespace: " + String.join("; ", signals)
                + ". Run the gateway in its own container or set gateway.kernel.netns to a namespace made for it");
    }

    static long inode(String link) {
        int open = link.indexOf('[');
        int close = link.indexOf(']');
        if (open < 0 || close < open) {
            return -1;
        }
        try {
            return Long.parseLong(link.substring(open + 1, close));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String readLink(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;   // not readable here (for example another user's PID 1): this signal stays silent
        }
    }
}
