package dev.l4lab.probe.hostlimits;

import dev.l4lab.probe.sockets.ProcFiles;
import dev.l4lab.probe.v1.SocketEntry;
import java.util.BitSet;
import java.util.List;

/** The ephemeral port range and how much of it TCP sockets hold right now. */
public record PortUsage(int low, int high, int inUse) {

    public static PortUsage of(List<SocketEntry> tcpSockets) {
        String[] range = ProcFiles.read("/proc/sys/net/ipv4/ip_local_port_range").orElse("32768 60999").trim()
                .split("\\s+");
        int low = Integer.parseInt(range[0]);
        int high = Integer.parseInt(range[range.length - 1]);
        BitSet used = new BitSet(65536);
        for (SocketEntry e : tcpSockets) {
            if (e.getLocalPort() >= low && e.getLocalPort() <= high) {
                used.set(e.getLocalPort());
            }
        }
        return new PortUsage(low, high, used.cardinality());
    }

    public int total() {
        return high - low + 1;
    }

    public double percent() {
        return total() <= 0 ? 0 : 100.0 * inUse / total();
    }
}
