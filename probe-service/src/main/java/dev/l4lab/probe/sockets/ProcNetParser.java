package dev.l4lab.probe.sockets;

import dev.l4lab.probe.net.AddressText;
import dev.l4lab.probe.v1.Protocol;
import dev.l4lab.probe.v1.SocketEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses /proc/net/tcp, tcp6, udp and udp6:
 * "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...".
 * Malformed lines are skipped rather than failing the whole listing.
 */
public final class ProcNetParser {

    private static final String[] TIMERS = {"off", "on", "keepalive", "timewait", "probe"};

    private ProcNetParser() {
    }

    public static List<SocketEntry> parse(String content, String source) {
        List<SocketEntry> out = new ArrayList<>();
        String[] lines = content.split("\n");
        for (int i = 1; i < lines.length; i++) {
            SocketEntry e = parseLine(lines[i], source);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /** One line of the table, or null for the header and malformed lines. */
    public static SocketEntry parseLine(String line, String source) {
        Protocol protocol = source.startsWith("udp") ? Protocol.UDP : Protocol.TCP;
        String[] f = line.trim().split("\\s+");
        if (f.length < 10) {
            return null;
        }
        try {
            int[] local = endpoint(f[1]);
            int[] peer = endpoint(f[2]);
            int state = Integer.parseInt(f[3], 16);
            String[] queues = f[4].split(":");
            String[] timer = f[5].split(":");
            int tr = Integer.parseInt(timer[0], 16);
            long when = Long.parseLong(timer[1], 16);
            return SocketEntry.newBuilder()
                    .setProtocol(protocol).setSource(source)
                    .setState(TcpStates.name(state))
                    .setSendQ((int) Long.parseLong(queues[0], 16))
                    .setRecvQ((int) Long.parseLong(queues[1], 16))
                    .setLocalAddress(address(f[1])).setLocalPort(local[0])
                    .setPeerAddress(address(f[2])).setPeerPort(peer[0])
                    .setTimer(tr < TIMERS.length ? TIMERS[tr] : "unknown")
                    .setTimerRemainingMs((int) Math.min(Integer.MAX_VALUE, jiffiesToMs(when)))
                    .setRetransmits((int) Long.parseLong(f[6], 16))
                    .setUid((int) Long.parseLong(f[7]))
                    .setInode((int) Long.parseLong(f[9]))
                    .build();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int[] endpoint(String field) {
        int colon = field.indexOf(':');
        return new int[] {Integer.parseInt(field.substring(colon + 1), 16)};
    }

    private static String address(String field) {
        return AddressText.of(ProcAddress.decode(field.substring(0, field.indexOf(':'))));
    }

    /** The kernel prints timer expiry in clock ticks (USER_HZ, 100 on Linux). */
    private static long jiffiesToMs(long ticks) {
        return ticks * 10;
    }
}
