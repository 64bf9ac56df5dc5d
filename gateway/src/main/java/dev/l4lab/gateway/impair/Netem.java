package dev.l4lab.gateway.impair;

import dev.l4lab.gateway.kernel.Command;
import dev.l4lab.gateway.kernel.CommandRunner;
import dev.l4lab.gateway.kernel.ToolRun;
import java.util.ArrayList;
import java.util.List;

/**
 * Delay, jitter and reordering with tc netem on the egress of the gateway's interfaces. Support is detected,
 * not assumed: at start-up a throw-away veth pair gets a netem qdisc, and tc's answer is kept.
 */
public final class Netem {

    static final String PROBE_LINK = "l4lab-netem0";
    static final String PROBE_PEER = "l4lab-netem1";

    private Netem() {
    }

    public static NetemSupport detect(CommandRunner runner) {
        runner.run(Command.of("ip", "link", "del", PROBE_LINK));   // a leftover from an earlier run, if any
        ToolRun link = runner.run(Command.of("ip", "link", "add", PROBE_LINK, "type", "veth", "peer", "name", PROBE_PEER));
        if (!link.ok()) {
            return new NetemSupport(false, "unknown: cannot create a veth pair to test for netem (" + link.failureText() + ")");
        }
        try {
            ToolRun tc = runner.run(Command.of("tc", "qdisc", "add", "dev", PROBE_LINK, "root", "netem", "delay", "1ms"));
            return tc.ok() ? new NetemSupport(true, "tc netem is available")
                    : new NetemSupport(false, "not supported by this kernel: " + tc.failureText());
        } finally {
            runner.run(Command.of("ip", "link", "del", PROBE_LINK));
        }
    }

    /** Sets (or, with no delay, removes) netem on each interface; throws with tc's message on refusal. */
    public static void apply(CommandRunner runner, List<String> interfaces, Impairment imp) {
        for (String dev : interfaces) {
            if (imp.needsNetem()) {
                runner.runOrThrow(Command.of(args(dev, imp)));
            } else {
                runner.run(Command.of("tc", "qdisc", "del", "dev", dev, "root"));   // "no such qdisc" is fine
            }
        }
    }

    static List<String> args(String dev, Impairment imp) {
        List<String> a = new ArrayList<>(List.of("tc", "qdisc", "replace", "dev", dev, "root", "netem",
                "delay", imp.delayMs() + "ms"));
        if (imp.jitterMs() > 0) {
            a.add(imp.jitterMs() + "ms");
        }
        if (imp.reorderPercent() > 0) {
            a.addAll(List.of("reorder", imp.reorderPercent() + "%"));
        }
        return a;
    }
}
