package dev.l4lab.gateway.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.gateway.capture.PcapReader;
import dev.l4lab.gateway.capture.TimelinePacket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A real capture ("tcpdump -i any -y LINUX_SLL2") on a namespace gateway: an HTTP connection through DNAT and
 * MASQUERADE seen on both interfaces, a rejected TCP connect (RST), a dropped SYN and its retransmission, and a
 * rejected UDP datagram (ICMP port unreachable). Interface 58 is the outside veth, 60 the lab veth.
 */
class PcapReaderTest {

    static final Map<Integer, String> NAMES = Map.of(58, "gwp22264go", 60, "gwp22264gl");
    static final Map<Integer, String> SIDES = Map.of(58, "outside", 60, "lab");

    @Test
    void theHandshakeBeforeAndAfterNat() {
        List<TimelinePacket> p = PcapReader.decode(Samples.bytes("nat-both.pcap"), NAMES, SIDES);
        assertEquals(25, p.size());
        assertEquals(25, PcapReader.countRecords(Samples.bytes("nat-both.pcap")));
        TimelinePacket syn = p.get(0);
        assertEquals("outside", syn.side());
        assertEquals("in", syn.direction());
        assertEquals("tcp", syn.protocol());
        assertEquals("198.18.1.2", syn.src());
        assertEquals(47270, syn.srcPort());
        assertEquals("198.18.1.1", syn.dst());
        assertEquals(80, syn.dstPort());
        assertEquals("S", syn.flags());
        assertEquals(0L, syn.seq());
        assertEquals(null, syn.ack());
        assertEquals(0.0, syn.offsetMs());
        assertTrue(syn.time().startsWith("2026-12-01T11:41:22.879593"), syn.time());

        TimelinePacket natted = p.get(1);
        assertEquals("lab", natted.side());
        assertEquals("out", natted.direction());
        assertEquals("198.18.2.1", natted.src());
        assertEquals(41080, natted.srcPort());
        assertEquals("198.18.2.2", natted.dst());
        assertEquals(8080, natted.dstPort());
        assertEquals("S", natted.flags());
        assertEquals(0L, natted.seq(), "NAT keeps sequence numbers: relative 0 on both sides");

        TimelinePacket synAck = p.get(3);
        assertEquals("outside", synAck.side());
        assertEquals("S.", synAck.flags());
        assertEquals(0L, synAck.seq());
        assertEquals(1L, synAck.ack());
        TimelinePacket data = p.get(7);
        assertEquals("P.", data.flags());
        assertEquals(22, data.length());
        assertEquals("198.18.1.1.80 > 198.18.1.2.47270: Flags [P.], seq 1:23, ack 1, win 64, length 22", data.summary());
        assertEquals("F.", p.get(10).flags());
    }

    @Test
    void rejectsAndDropsAsTheyLookOnTheWire() {
        List<TimelinePacket> p = PcapReader.decode(Samples.bytes("nat-both.pcap"), NAMES, SIDES);
        assertEquals("R.", p.get(17).flags(), "reject on a TCP rule: the gateway answers with RST");
        assertEquals(81, p.get(17).srcPort());
        assertEquals(p.get(20).srcPort(), p.get(21).srcPort(), "a dropped SYN is retransmitted, unanswered");
        assertEquals("S", p.get(21).flags());
        assertTrue(p.get(21).offsetMs() - p.get(20).offsetMs() > 900, "one second later (the initial RTO)");
        TimelinePacket icmp = p.get(23);
        assertEquals("icmp", icmp.protocol());
        assertEquals("198.18.1.1 > 198.18.1.2: ICMP 198.18.1.1 udp port 53 unreachable", icmp.summary(),
                "the error names the port the client used: translated back through the NAT");
        assertEquals("udp", p.get(24).protocol());
        assertEquals(2, p.get(24).length());
    }

    @Test
    void shortOrForeignInputYieldsFewerPacketsNotACrash() {
        byte[] all = Samples.bytes("nat-both.pcap");
        for (int cut : new int[] {0, 10, 24, 30, 60, 200, all.length - 1}) {
            List<TimelinePacket> p = PcapReader.decode(Arrays.copyOf(all, cut), NAMES, SIDES);
            assertTrue(p.size() <= 25);
        }
        byte[] hostile = Arrays.copyOf(all, 24 + 16 + 4);
        hostile[24 + 8] = 0x7f;   // a record length far beyond the data
        assertEquals(0, PcapReader.decode(hostile, NAMES, SIDES).size());
        assertEquals(0, PcapReader.countRecords(new byte[] {1, 2, 3}));
    }
}
