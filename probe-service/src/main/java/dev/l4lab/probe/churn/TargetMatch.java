package dev.l4lab.probe.churn;

import dev.l4lab.probe.net.AddressText;
import dev.l4lab.probe.v1.SocketEntry;
import java.net.InetAddress;
import java.util.Set;

/** Matches socket-table rows whose peer is the churn target (also in its v4-mapped tcp6 spelling). */
record TargetMatch(String address, String mapped, int port) {

    /** ss's names of the states between our FIN and TIME-WAIT (or the end, for LAST-ACK). */
    static final Set<String> CLOSING_STATES = Set.of("FIN-WAIT-1", "FIN-WAIT-2", "CLOSING", "LAST-ACK");

    static TargetMatch of(InetAddress target, int port) {
        String text = AddressText.of(target);
        return new TargetMatch(text, "::ffff:" + text, port);
    }

    boolean isPeerOf(SocketEntry e) {
        return e.getPeerPort() == port && (e.getPeerAddress().equals(address) || e.getPeerAddress().equals(mapped));
    }

    /**
     * The connection's 4-tuple. /proc/net/tcp is read in chunks while other sockets come and go, so one
     * read can show a row twice; counting distinct 4-tuples keeps that out of the numbers.
     */
    static String key(SocketEntry e) {
        return e.getLocalAddress() + "|" + e.getLocalPort() + "|" + e.getPeerAddress() + "|" + e.getPeerPort();
    }

    static boolean isClosing(SocketEntry e) {
        return CLOSING_STATES.contains(e.getState());
    }
}
