package dev.l4lab.probe.sockets;

import dev.l4lab.probe.v1.SocketSummaryResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;

/** `ss -s`: /proc/net/sockstat, sockstat6 and snmp, plus TCP counts by state from the socket table. */
@ApplicationScoped
public class SocketSummaryReader {

    private final SocketTable table;

    public SocketSummaryReader(SocketTable table) {
        this.table = table;
    }

    public SocketSummaryResponse read() {
        Map<String, Long> s = KeyValueStats.sockstat(ProcFiles.read("/proc/net/sockstat").orElse(""));
        s.putAll(KeyValueStats.sockstat(ProcFiles.read("/proc/net/sockstat6").orElse("")));
        Map<String, Long> snmp = KeyValueStats.snmp(ProcFiles.read("/proc/net/snmp").orElse(""));
        Map<String, Integer> states = new TreeMap<>();
        table.forEachTcp(e -> states.merge(e.getState(), 1, Integer::sum));
        long alloc = s.getOrDefault("TCP.alloc", 0L);
        long inuse = s.getOrDefault("TCP.inuse", 0L);
        long inuse6 = s.getOrDefault("TCP6.inuse", 0L);
        return SocketSummaryResponse.newBuilder()
                .setSocketsUsed(u32(s.get("sockets.used")))
                .setTcpEstab(u32(snmp.get("Tcp.CurrEstab")))
                .setTcpAlloc(u32(alloc)).setTcpInuse(u32(inuse)).setTcp6Inuse(u32(inuse6))
                .setTcpOrphaned(u32(s.get("TCP.orphan"))).setTcpTimewait(u32(s.get("TCP.tw")))
                .setTcpClosed(u32(Math.max(0, alloc - (inuse + inuse6))))
                .setTcpMemPages(u32(s.get("TCP.mem")))
                .setUdpInuse(u32(s.get("UDP.inuse"))).setUdp6Inuse(u32(s.get("UDP6.inuse")))
                .setRawInuse(u32(s.get("RAW.inuse"))).setRaw6Inuse(u32(s.get("RAW6.inuse")))
                .putAllTcpStates(states)
                .setTcpActiveOpens(u64(snmp.get("Tcp.ActiveOpens"))).setTcpPassiveOpens(u64(snmp.get("Tcp.PassiveOpens")))
                .setTcpAttemptFails(u64(snmp.get("Tcp.AttemptFails"))).setTcpEstabResets(u64(snmp.get("Tcp.EstabResets")))
                .setTcpRetransSegs(u64(snmp.get("Tcp.RetransSegs"))).setTcpInErrs(u64(snmp.get("Tcp.InErrs")))
                .setTcpOutRsts(u64(snmp.get("Tcp.OutRsts")))
                .setUdpNoPorts(u64(snmp.get("Udp.NoPorts"))).setUdpInErrors(u64(snmp.get("Udp.InErrors")))
                .setUdpRcvbufErrors(u64(snmp.get("Udp.RcvbufErrors")))
                .build();
    }

    private static int u32(Long v) {
        return v == null ? 0 : (int) Math.min(0xFFFFFFFFL, Math.max(0, v));
    }

    private static long u64(Long v) {
        return v == null ? 0 : v;
    }
}
