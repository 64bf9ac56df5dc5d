package dev.l4lab.lb.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.l4lab.lb.net.ConnectFailure;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Failed connects by reason word, and the passive check's text naming the word. */
class BackendFailuresTest {

    @Test
    void failuresAreCountedByReasonAndThePassiveCheckNamesTheLastOne() {
        Backend b = new Backend(BackendAddress.parse("127.0.0.1:9000"), 1, 3);
        b.reportConnectFailure(3, ConnectFailure.TIMEOUT);
        b.reportConnectFailure(3, ConnectFailure.REFUSED);
        assertEquals(BackendState.UP, b.state(), "two failures in a row are below passive-fall 3");
        b.reportConnectFailure(3, ConnectFailure.REFUSED);
        assertEquals(BackendState.DOWN, b.state());
        assertEquals("passive: 3 consecutive connect failures (refused)", b.lastCheck());
        assertEquals(3, b.failures());
        assertEquals(2, b.failures(ConnectFailure.REFUSED));
        Map<String, Long> byReason = b.failuresByReason();
        assertEquals(ConnectFailure.values().length, byReason.size(), "every word, 0 included: " + byReason);
        assertEquals(1L, byReason.get("timeout"));
        assertEquals(0L, byReason.get("no-ephemeral-port"));
    }
}
