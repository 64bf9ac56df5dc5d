package dev.l4lab.gateway.conntrack;

import dev.l4lab.gateway.kernel.Command;
import dev.l4lab.gateway.kernel.CommandRunner;
import dev.l4lab.gateway.kernel.Sysctls;
import dev.l4lab.gateway.kernel.ToolFailure;
import dev.l4lab.gateway.kernel.ToolRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the gateway's conntrack table with the conntrack tool, line by line: the whole table is streamed
 * (lines of at most 2 KiB, within the command's time bound) and only {@code limit} entries are kept, so a
 * full table (hundreds of thousands of entries) costs time, never memory.
 */
public final class ConntrackTable {

    static final int MAX_LINE = 2048;

    private final CommandRunner runner;
    private final Duration timeout;

    public ConntrackTable(CommandRunner runner, Duration timeout) {
        this.runner = runner;
        this.timeout = timeout;
    }

    public ConntrackListing list(ConntrackFilter filter, int limit) {
        List<ConntrackEntry> kept = new ArrayList<>();
        int[] matched = {0};
        int[] scanned = {0};
        List<String> argv = new ArrayList<>(List.of("conntrack", "-L", "-o", "extended,id"));
        if (filter.protocol() != null) {
            argv.addAll(List.of("-p", filter.protocol()));
        }
        ToolRun r = runner.runLines(Command.of(argv).withTimeout(timeout).withMaxStdout(Integer.MAX_VALUE), MAX_LINE, line -> {
            ConntrackEntry e = ConntrackParser.parse(line);
            if (e == null) {
                return true;
            }
            scanned[0]++;
            if (filter.matches(e)) {
                matched[0]++;
                if (kept.size() < limit) {
                    kept.add(e);
                }
            }
            return true;
        });
        failIfBroken(r);
        boolean accounting = "1".equals(Sysctls.read(runner, "net.netfilter.nf_conntrack_acct"));
        return new ConntrackListing(kept, matched[0], scanned[0], matched[0] > kept.size(), accounting);
    }

    public ConntrackSummary summary() {
        Map<String, Integer> byProtocol = new TreeMap<>();
        Map<String, Integer> byState = new TreeMap<>();
        ToolRun r = runner.runLines(Command.of("conntrack", "-L").withTimeout(timeout).withMaxStdout(Integer.MAX_VALUE),
                MAX_LINE, line -> {
                    ConntrackEntry e = ConntrackParser.parse(line);
                    if (e != null) {
                        byProtocol.merge(e.protocol(), 1, Integer::sum);
                        if (e.state() != null) {
                            byState.merge(e.state(), 1, Integer::sum);
                        }
                    }
                    return true;
                });
        failIfBroken(r);
        long count = number(Sysctls.read(runner, "net.netfilter.nf_conntrack_count"));
        long max = number(Sysctls.read(runner, "net.netfilter.nf_conntrack_max"));
        return new ConntrackSummary(count, max, byProtocol, byState, stats(), !r.timedOut());
    }

    /** The entry count from the kernel (cheap: one sysctl read). */
    public long count() {
        return number(Sysctls.read(runner, "net.netfilter.nf_conntrack_count"));
    }

    /**
     * Empties the table ("conntrack -F"); returns how many entries it held just before (conntrack itself only
     * says "connection tracking table has been emptied").
     */
    public long flush() {
        long before = count();
        ToolRun r = runner.run(Command.of("conntrack", "-F").withTimeout(timeout));
        if (!r.ok()) {
            throw new ToolFailure(r);
        }
        return before;
    }

    /** Sums "conntrack -S" per-CPU counters (found, invalid, insert_failed, drop, early_drop, ...). */
    Map<String, Long> stats() {
        Map<String, Long> sums = new TreeMap<>();
        ToolRun r = runner.run(Command.of("conntrack", "-S").withTimeout(timeout).withMaxStdout(256 * 1024));
        if (!r.ok()) {
            return sums;
        }
        for (String line : r.stdoutText().split("\n")) {
            for (String tok : line.trim().split("\\s+")) {
                int eq = tok.indexOf('=');
                if (eq > 0 && !tok.startsWith("cpu=")) {
                    sums.merge(tok.substring(0, eq), number(tok.substring(eq + 1)), Long::sum);
                }
            }
        }
        return sums;
    }

    private static void failIfBroken(ToolRun r) {
        if (r.timedOut() || r.exitCode() != 0) {
            throw new ToolFailure(r);
        }
    }

    static long number(String s) {
        if (s == null) {
            return -1;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
