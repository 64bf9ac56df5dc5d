package dev.l4lab.probe.hostlimits;

import dev.l4lab.probe.sockets.ProcFiles;
import dev.l4lab.probe.v1.SocketEntry;
import java.util.BitSet;
import java.util.function.Consumer;

/** The ephemeral port range and how much of it TCP sockets hold right now. */
public record PortUsage(int low, int high, int inUse) {

    /** Counts the local ports inside the range of the rows it is fed (8 KiB, however many rows). */
    public static final class Counter implements Consumer<SocketEntry> {
        private final int low;
        private final int high;
        private final BitSet used = new BitSet(65536);

        public Counter() {
            String[] range = ProcFiles.read("/proc/sys/net/ipv4/ip_local_port_range").orElse("32768 60999").trim()
                    .split("\\s+");
            this.low = Integer.parseInt(range[0]);
            this.high = Integer.parseInt(range[range.length - 1]);
        }

        @Override
        public void accept(SocketEntry e) {
            if (e.getLocalPort() >= low && e.getLocalPort() <= high) {
                used.set(e.getLocalPort());
            }
        }

        public PortUsage usage() {
            return new PortUsage(low, high, used.cardinality());
        }
    }

    public int total() {
        return high - low + 1;
    }

    public double percent() {
        return total() <= 0 ? 0 : 100.0 * inUse / total();
    }
}
