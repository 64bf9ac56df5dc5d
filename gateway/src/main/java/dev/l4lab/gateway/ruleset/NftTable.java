package dev.l4lab.gateway.ruleset;

import dev.l4lab.gateway.kernel.Command;
import dev.l4lab.gateway.kernel.CommandRunner;
import dev.l4lab.gateway.kernel.ToolFailure;
import dev.l4lab.gateway.kernel.ToolRun;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The gateway's nftables table: apply a script as one transaction, read counters and the live listing back. */
public final class NftTable {

    private static final Pattern STDIN_LINE = Pattern.compile("stdin:(\\d+):");

    private final CommandRunner runner;
    private final String table;

    public NftTable(CommandRunner runner, String table) {
        this.runner = runner;
        this.table = table;
    }

    /**
     * Applies the script with "nft -f -". On refusal the kernel has changed nothing; the exception carries
     * nft's message and the script line it names.
     */
    public void apply(String script) {
        ToolRun r = runner.run(Command.of("nft", "-f", "-").withStdin(script));
        if (!r.ok()) {
            throw new KernelRefusal(explain(r, script));
        }
    }

    public Map<String, Counter> counters() {
        ToolRun r = runner.runOrThrow(Command.of("nft", "-j", "list", "table", "ip", table));
        try {
            return NftCounters.parse(r.stdoutText());
        } catch (IOException e) {
            throw new ToolFailure("cannot read nft's JSON listing: " + e.getMessage(), e);
        }
    }

    /** "nft list table ip NAME": the rule set as the kernel holds it, counters included. */
    public String listing() {
        return runner.runOrThrow(Command.of("nft", "list", "table", "ip", table)).stdoutText();
    }

    static String explain(ToolRun r, String script) {
        String message = r.failureText();
        Matcher m = STDIN_LINE.matcher(r.stderr() == null ? "" : r.stderr());
        if (m.find()) {
            int line = Integer.parseInt(m.group(1));
            String[] lines = script.split("\n", -1);
            if (line >= 1 && line <= lines.length) {
                return message + " [line " + line + ": " + lines[line - 1] + "]";
            }
        }
        return message;
    }

    /** The kernel (or nft) refused a transaction; nothing of it was applied. */
    public static final class KernelRefusal extends ToolFailure {
        public KernelRefusal(String message) {
            super(message, null);
        }
    }
}
