package dev.l4lab.probe.ops;

import dev.l4lab.probe.churn.ChurnRunner;
import dev.l4lab.probe.hostlimits.HostLimitsReader;
import dev.l4lab.probe.scan.Scanner;
import dev.l4lab.probe.sockets.SocketSummaryReader;
import dev.l4lab.probe.sockets.SocketTable;
import dev.l4lab.probe.tcp.TcpProber;
import dev.l4lab.probe.udp.UdpProber;
import dev.l4lab.probe.watch.Watcher;
import jakarta.enterprise.context.ApplicationScoped;

/** The feature packages the facade drives, one bean each. */
@ApplicationScoped
public class Probers {

    private final TcpProber tcp;
    private final UdpProber udp;
    private final Scanner scanner;
    private final Watcher watcher;
    private final SocketTable sockets;
    private final SocketSummaryReader summary;
    private final HostLimitsReader hostLimits;
    private final ChurnRunner churn;

    public Probers(TcpProber tcp, UdpProber udp, Scanner scanner, Watcher watcher, SocketTable sockets,
                   SocketSummaryReader summary, HostLimitsReader hostLimits, ChurnRunner churn) {
        this.tcp = tcp;
        this.udp = udp;
        this.scanner = scanner;
        this.watcher = watcher;
        this.sockets = sockets;
        this.summary = summary;
        this.hostLimits = hostLimits;
        this.churn = churn;
    }

    TcpProber tcp() {
        return tcp;
    }

    UdpProber udp() {
        return udp;
    }

    Scanner scanner() {
        return scanner;
    }

    Watcher watcher() {
        return watcher;
    }

    SocketTable sockets() {
        return sockets;
    }

    SocketSummaryReader summary() {
        return summary;
    }

    HostLimitsReader hostLimits() {
        return hostLimits;
    }

    ChurnRunner churn() {
        return churn;
    }
}
