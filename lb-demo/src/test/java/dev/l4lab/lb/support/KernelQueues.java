package dev.l4lab.lb.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * What the kernel holds for a set of loopback connections, from {@code ss}: the sum of Recv-Q and Send-Q of every
 * established TCP socket whose local or peer port is one of the given ports. A stalled transfer's bytes are either
 * there or in some process's memory, so a test subtracts this to see what a proxy holds itself.
 */
public final class KernelQueues {

    private KernelQueues() {
    }

    public static long queuedBytes(int... ports) throws IOException, InterruptedException {
        StringBuilder filter = new StringBuilder("(");
        for (int i = 0; i < ports.length; i++) {
            filter.append(i == 0 ? " " : " or ").append("sport = :").append(ports[i]).append(" or dport = :")
                    .append(ports[i]);
        }
        filter.append(" )");
        Process ss = new ProcessBuilder("ss", "-tnH", "state", "established", filter.toString())
                .redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        if (!ss.waitFor(10, TimeUnit.SECONDS) || ss.exitValue() != 0) {
            throw new IOException("ss failed: " + out);
        }
        long total = 0;
        for (String line : out.split("\n")) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length >= 4) {
                total += Long.parseLong(cols[0]) + Long.parseLong(cols[1]); // Recv-Q, Send-Q
            }
        }
        return total;
    }
}
