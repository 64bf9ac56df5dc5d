package dev.l4lab.gateway.capture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the pcap files tcpdump writes here ("-i any -y LINUX_SLL2") into timeline packets: the pcap record
 * headers, the Linux cooked v2 header (interface index, incoming/outgoing), IPv4, and TCP, UDP or ICMP.
 * Every length is checked against the bytes present, so a short or hostile file yields fewer packets, never an
 * exception past the caller.
 */
public final class PcapReader {

    static final int GLOBAL_HEADER = 24;
    static final int RECORD_HEADER = 16;
    static final int LINKTYPE_LINUX_SLL2 = 276;
    private static final int SLL2_HEADER = 20;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;

    private PcapReader() {
    }

    /** Counts the records in a pcap (for the packet count of a capture). */
    public static int countRecords(byte[] pcap) {
        ByteBuffer b = header(pcap);
        if (b == null) {
            return 0;
        }
        int n = 0;
        while (b.remaining() >= RECORD_HEADER) {
            b.position(b.position() + 8);
            int incl = b.getInt();
            b.getInt();
            if (incl < 0 || incl > b.remaining()) {
                break;
            }
            b.position(b.position() + incl);
            n++;
        }
        return n;
    }

    /**
     * Decodes every record. {@code names} maps interface index to name, {@code sides} index to "outside"/"lab".
     */
    public static List<TimelinePacket> decode(byte[] pcap, Map<Integer, String> names, Map<Integer, String> sides) {
        List<TimelinePacket> out = new ArrayList<>();
        ByteBuffer b = header(pcap);
        if (b == null) {
            return out;
        }
        boolean nanos = (pcap[0] & 0xff) == 0x4d || (pcap[3] & 0xff) == 0x4d;
        int linktype = b.getInt(20);
        if (linktype != LINKTYPE_LINUX_SLL2) {
            throw new IllegalArgumentException("the capture has link type " + linktype + ", expected LINUX_SLL2 (276)");
        }
        b.position(GLOBAL_HEADER);
        Map<String, Long> firstSeq = new HashMap<>();
        double t0 = -1;
        while (b.remaining() >= RECORD_HEADER) {
            long sec = b.getInt() & 0xffffffffL;
            long frac = b.getInt() & 0xffffffffL;
            int incl = b.getInt();
            int orig = b.getInt();
            if (incl < 0 || incl > b.remaining()) {
                break;
            }
            byte[] data = new byte[incl];
            b.get(data);
            long nanosTotal = sec * 1_000_000_000L + (nanos ? frac : frac * 1000);
            double ms = nanosTotal / 1e6;
            if (t0 < 0) {
                t0 = ms;
            }
            String time = TIME.format(Instant.ofEpochSecond(sec, nanos ? frac : frac * 1000));
            out.add(packet(out.size() + 1, time, ms - t0, data, orig, names, sides, firstSeq));
        }
        return out;
    }

    private static ByteBuffer header(byte[] pcap) {
        if (pcap == null || pcap.length < GLOBAL_HEADER) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(pcap);
        int magic = b.getInt(0);
        if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
        } else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
            b.order(ByteOrder.LITTLE_ENDIAN);
        } else {
            return null;
        }
        b.position(GLOBAL_HEADER);
        return b;
    }

    private static TimelinePacket packet(int n, String time, double offsetMs, byte[] d, int origLen,
                                         Map<Integer, String> names, Map<Integer, String> sides, Map<String, Long> firstSeq) {
        if (d.length < SLL2_HEADER) {
            return new TimelinePacket(n, time, round(offsetMs), null, null, null, "truncated", null, null, null, null,
                    null, null, null, null, 0, "truncated record");
        }
        ByteBuffer b = ByteBuffer.wrap(d).order(ByteOrder.BIG_ENDIAN);
        int ethertype = b.getShort(0) & 0xffff;
        int ifindex = b.getInt(4);
        int pktType = d[10] & 0xff;
        String ifname = names.getOrDefault(ifindex, "ifindex " + ifindex);
        String side = sides.getOrDefault(ifindex, ifname);
        String direction = pktType == 4 ? "out" : "in";
        if (ethertype != 0x0800 || d.length < SLL2_HEADER + 20) {
            return new TimelinePacket(n, time, round(offsetMs), side, ifname, direction, String.format("ethertype 0x%04x", ethertype),
                    null, null, null, null, null, null, null, null, Math.max(0, origLen - SLL2_HEADER), "not IPv4");
        }
        int ip = SLL2_HEADER;
        int ihl = (d[ip] & 0x0f) * 4;
        int total = b.getShort(ip + 2) & 0xffff;
        int proto = d[ip + 9] & 0xff;
        String src = addr(d, ip + 12);
        String dst = addr(d, ip + 16);
        int l4 = ip + ihl;
        if (proto == 6 && d.length >= l4 + 20) {
            int sport = b.getShort(l4) & 0xffff;
            int dport = b.getShort(l4 + 2) & 0xffff;
            long seq = b.getInt(l4 + 4) & 0xffffffffL;
            long ack = b.getInt(l4 + 8) & 0xffffffffL;
            int doff = ((d[l4 + 12] & 0xf0) >> 4) * 4;
            int flagBits = d[l4 + 13] & 0xff;
            int window = b.getShort(l4 + 14) & 0xffff;
            int payload = Math.max(0, total - ihl - doff);
            String key = ifindex + " " + src + ":" + sport + ">" + dst + ":" + dport;
            String reverse = ifindex + " " + dst + ":" + dport + ">" + src + ":" + sport;
            firstSeq.putIfAbsent(key, seq);
            long relSeq = (seq - firstSeq.get(key)) & 0xffffffffL;
            boolean hasAck = (flagBits & 0x10) != 0;
            Long relAck = hasAck ? (firstSeq.containsKey(reverse) ? (ack - firstSeq.get(reverse)) & 0xffffffffL : ack) : null;
            String flags = tcpFlags(flagBits);
            String summary = src + "." + sport + " > " + dst + "." + dport + ": Flags [" + flags + "], seq " + relSeq
                    + (payload > 0 ? ":" + (relSeq + payload) : "") + (relAck != null ? ", ack " + relAck : "")
                    + ", win " + window + ", length " + payload;
            return new TimelinePacket(n, time, round(offsetMs), side, ifname, direction, "tcp", src, sport, dst, dport,
                    flags, relSeq, relAck, window, payload, summary);
        }
        if (proto == 17 && d.length >= l4 + 8) {
            int sport = b.getShort(l4) & 0xffff;
            int dport = b.getShort(l4 + 2) & 0xffff;
            int payload = Math.max(0, (b.getShort(l4 + 4) & 0xffff) - 8);
            return new TimelinePacket(n, time, round(offsetMs), side, ifname, direction, "udp", src, sport, dst, dport,
                    null, null, null, null, payload, src + "." + sport + " > " + dst + "." + dport + ": UDP, length " + payload);
        }
        if (proto == 1 && d.length >= l4 + 8) {
            int type = d[l4] & 0xff;
            int code = d[l4 + 1] & 0xff;
            int payload = Math.max(0, total - ihl - 8);
            return new TimelinePacket(n, time, round(offsetMs), side, ifname, direction, "icmp", src, null, dst, null,
                    null, null, null, null, payload, src + " > " + dst + ": ICMP " + icmpText(type, code, d, l4 + 8, b));
        }
        return new TimelinePacket(n, time, round(offsetMs), side, ifname, direction, "ip proto " + proto, src, null, dst,
                null, null, null, null, null, Math.max(0, total - ihl), src + " > " + dst + ": ip proto " + proto);
    }

    /** tcpdump's flag letters: S F P R U, "." for ACK. */
    static String tcpFlags(int bits) {
        StringBuilder f = new StringBuilder();
        if ((bits & 0x02) != 0) {
            f.append('S');
        }
        if ((bits & 0x01) != 0) {
            f.append('F');
        }
        if ((bits & 0x08) != 0) {
            f.append('P');
        }
        if ((bits & 0x04) != 0) {
            f.append('R');
        }
        if ((bits & 0x20) != 0) {
            f.append('U');
        }
        if ((bits & 0x10) != 0) {
            f.append('.');
        }
        return f.length() == 0 ? "none" : f.toString();
    }

    private static String icmpText(int type, int code, byte[] d, int inner, ByteBuffer b) {
        if (type == 8) {
            return "echo request";
        }
        if (type == 0) {
            return "echo reply";
        }
        if (type == 3) {
            String what = switch (code) {
                case 0 -> "net unreachable";
                case 1 -> "host unreachable";
                case 3 -> "port unreachable";
                case 13 -> "administratively prohibited";
                default -> "unreachable (code " + code + ")";
            };
            if (code == 3 && d.length >= inner + 20) {
                int innerIhl = (d[inner] & 0x0f) * 4;
                int innerProto = d[inner + 9] & 0xff;
                if (d.length >= inner + innerIhl + 4) {
                    int port = b.getShort(inner + innerIhl + 2) & 0xffff;
                    String p = innerProto == 17 ? "udp" : innerProto == 6 ? "tcp" : "proto " + innerProto;
                    return addr(d, inner + 16) + " " + p + " port " + port + " unreachable";
                }
            }
            return what;
        }
        if (type == 11) {
            return "time exceeded";
        }
        return "type " + type + " code " + code;
    }

    private static String addr(byte[] d, int at) {
        return (d[at] & 0xff) + "." + (d[at + 1] & 0xff) + "." + (d[at + 2] & 0xff) + "." + (d[at + 3] & 0xff);
    }

    private static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }
}
