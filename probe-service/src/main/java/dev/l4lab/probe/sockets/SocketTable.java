package dev.l4lab.probe.sockets;

import dev.l4lab.probe.v1.Protocol;
import dev.l4lab.probe.v1.SocketEntry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The socket table of this network namespace, like `ss -tuan`, read from /proc as it streams: callers
 * that count see every row once and keep none; a listing keeps at most its limit. Listings run one at a
 * time, so however many clients ask, one set of at most {@code limit} rows is held. Blocking (/proc reads).
 */
@ApplicationScoped
public class SocketTable {

    /** At most {@code limit} matching rows, in /proc order, and how many matched in all. */
    public record Listing(List<SocketEntry> shown, int total) {
    }

    private final Object oneListingAtATime = new Object();

    public void forEachTcp(Consumer<SocketEntry> each) {
        forEach(List.of("tcp", "tcp6"), each);
    }

    public void forEachUdp(Consumer<SocketEntry> each) {
        forEach(List.of("udp", "udp6"), each);
    }

    private static void forEach(List<String> sources, Consumer<SocketEntry> each) {
        for (String source : sources) {
            ProcFiles.lines("/proc/net/" + source, line -> {
                SocketEntry e = ProcNetParser.parseLine(line, source);
                if (e != null) {
                    each.accept(e);
                }
            });
        }
    }

    /** Filters: protocol (UNSPECIFIED = both), ss state name (null = all), port (0 = any, local or peer). */
    public Listing list(Protocol protocol, String state, int port, int limit) {
        synchronized (oneListingAtATime) {
            List<SocketEntry> shown = new ArrayList<>(Math.min(limit, 1024));
            int[] total = {0};
            Consumer<SocketEntry> match = e -> {
                if ((state == null || e.getState().equals(state))
                        && (port == 0 || e.getLocalPort() == port || e.getPeerPort() == port)) {
                    total[0]++;
                    if (shown.size() < limit) {
                        shown.add(e);
                    }
                }
            };
            if (protocol != Protocol.UDP) {
                forEachTcp(match);
            }
            if (protocol != Protocol.TCP) {
                forEachUdp(match);
            }
            return new Listing(shown, total[0]);
        }
    }
}
