package dev.l4lab.probe.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.l4lab.probe.net.AddressText;
import dev.l4lab.probe.sockets.ProcAddress;
import dev.l4lab.probe.sockets.ProcNetParser;
import dev.l4lab.probe.v1.SocketEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /proc/net address decoding with lines copied from a real x86-64 kernel. */
class ProcAddressTest {

    @Test
    void ipv4WordIsHostOrder() {
        assertEquals("127.0.0.1", AddressText.of(ProcAddress.decode("0100007F")));
        assertEquals("172.28.0.11", AddressText.of(ProcAddress.decode("0B001CAC")));
        assertEquals("0.0.0.0", AddressText.of(ProcAddress.decode("00000000")));
    }

    @Test
    void ipv6IsFourHostOrderWords() {
        assertEquals("::1", AddressText.of(ProcAddress.decode("00000000000000000000000001000000")));
        assertEquals("::", AddressText.of(ProcAddress.decode("00000000000000000000000000000000")));
        assertEquals("::ffff:127.0.0.1", AddressText.of(ProcAddress.decode("0000000000000000FFFF00000100007F")));
        // fe80::1c2d:3eff:fe4f:5a6b as the kernel prints it
        assertEquals("fe80::1c2d:3eff:fe4f:5a6b", AddressText.of(ProcAddress.decode("000080FE00000000FF3E2D1C6B5A4FFE")));
        // 2001:db8::1:0:0:1 -> longest zero run compressed, first on ties (RFC 5952)
        assertEquals("2001:db8::1:0:0", AddressText.of(new byte[] {
            0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0}));
        assertEquals("2001:db8:0:1::1", AddressText.of(new byte[] {
            0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1}));
        assertEquals("1:0:2:0:3:0:4:0", AddressText.of(new byte[] {0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0}));
    }

    @Test
    void parsesRealLinesIncludingTimersAndQueues() {
        String tcp = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                + "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000003 00:00000000 00000000  1000        0 4242 1 0 100 0 0 10 0\n"
                + "   1: 0100007F:A1B2 0100007F:1F90 06 00000000:00000000 03:00000BB8 00000000     0        0 0 3 0\n"
                + "garbage line\n";
        List<SocketEntry> list = ProcNetParser.parse(tcp, "tcp");
        assertEquals(2, list.size());
        SocketEntry listen = list.get(0);
        assertEquals("LISTEN", listen.getState());
        assertEquals(8080, listen.getLocalPort());
        assertEquals(3, listen.getRecvQ());
        assertEquals(1000, listen.getUid());
        assertEquals(4242, listen.getInode());
        SocketEntry tw = list.get(1);
        assertEquals("TIME-WAIT", tw.getState());
        assertEquals(41394, tw.getLocalPort());
        assertEquals("timewait", tw.getTimer());
        assertEquals(30_000, tw.getTimerRemainingMs());
    }
}
