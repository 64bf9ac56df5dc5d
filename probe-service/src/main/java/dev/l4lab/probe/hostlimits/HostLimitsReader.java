package dev.l4lab.probe.hostlimits;

import dev.l4lab.probe.sockets.KeyValueStats;
import dev.l4lab.probe.sockets.ProcFiles;
import dev.l4lab.probe.sockets.SocketTable;
import dev.l4lab.probe.v1.HostLimitsResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.File;

/** The limits behind TIME_WAIT / "too many open files" incidents. Blocking (/proc reads). */
@ApplicationScoped
public class HostLimitsReader {

    private final SocketTable table;

    public HostLimitsReader(SocketTable table) {
        this.table = table;
    }

    public HostLimitsResponse read() {
        HostLimitsResponse.Builder b = HostLimitsResponse.newBuilder();
        PortUsage.Counter counter = new PortUsage.Counter();
        table.forEachTcp(counter);
        PortUsage ports = counter.usage();
        b.setEphemeralPortLow(ports.low()).setEphemeralPortHigh(ports.high())
                .setEphemeralPortsTotal(ports.total()).setEphemeralPortsInUse(ports.inUse())
                .setEphemeralPortsInUsePercent(ports.percent())
                .setReservedPorts(ProcFiles.read("/proc/sys/net/ipv4/ip_local_reserved_ports").orElse("").trim());
        int[] nofile = openFilesLimit();
        int fds = openFds();
        b.setOpenFilesSoft(nofile[0]).setOpenFilesHard(nofile[1]).setOpenFds(fds)
                .setOpenFdsPercent(nofile[0] > 0 ? 100.0 * fds / nofile[0] : 0);
        b.setTcpFinTimeoutSeconds(sysctl(b, "net/ipv4/tcp_fin_timeout"))
                .setTcpTwReuse(sysctl(b, "net/ipv4/tcp_tw_reuse"))
                .setSomaxconn(sysctl(b, "net/core/somaxconn"))
                .setTcpMaxSynBacklog(sysctl(b, "net/ipv4/tcp_max_syn_backlog"))
                .setTcpMaxTwBuckets(sysctl(b, "net/ipv4/tcp_max_tw_buckets"));
        long tw = KeyValueStats.sockstat(ProcFiles.read("/proc/net/sockstat").orElse("")).getOrDefault("TCP.tw", 0L);
        b.setTimeWait((int) tw);
        warnings(b);
        return b.build();
    }

    /** Soft and hard RLIMIT_NOFILE from /proc/self/limits ("Max open files  1024  524288  files"). */
    public static int[] openFilesLimit() {
        for (String line : ProcFiles.read("/proc/self/limits").orElse("").split("\n")) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                return new int[] {limit(f[0]), limit(f[1])};
            }
        }
        return new int[] {-1, -1};
    }

    private static int limit(String s) {
        if (s.equals("unlimited")) {
            return -1;
        }
        long v = Long.parseLong(s);
        return (int) Math.min(Integer.MAX_VALUE, v);
    }

    public static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? 0 : fds.length;
    }

    private static int sysctl(HostLimitsResponse.Builder b, String name) {
        int v = ProcFiles.readInt("/proc/sys/" + name);
        if (v < 0) {
            b.addUnavailable(name.replace('/', '.'));
        }
        return v;
    }

    private static void warnings(HostLimitsResponse.Builder b) {
        if (b.getEphemeralPortsInUsePercent() >= 80) {
            b.addWarnings(String.format("ephemeral ports %.0f%% in use: new outgoing connects will fail with "
                    + "EADDRNOTAVAIL (widen net.ipv4.ip_local_port_range, reuse connections)", b.getEphemeralPortsInUsePercent()));
        }
        if (b.getOpenFilesSoft() > 0 && b.getOpenFilesSoft() <= 1024) {
            b.addWarnings("open files soft limit is " + b.getOpenFilesSoft()
                    + ": a busy service hits EMFILE (raise ulimit -n / LimitNOFILE)");
        }
        if (b.getOpenFdsPercent() >= 80) {
            b.addWarnings(String.format("%.0f%% of the open-files soft limit is used", b.getOpenFdsPercent()));
        }
        if (b.getTimeWait() > 0 && b.getEphemeralPortsTotal() > 0 && b.getTimeWait() >= b.getEphemeralPortsTotal() / 2) {
            b.addWarnings(b.getTimeWait() + " sockets in TIME-WAIT, half the ephemeral range or more "
                    + "(pool connections; with net.ipv4.tcp_tw_reuse 1 new outgoing connects may reuse them)");
        }
    }
}
