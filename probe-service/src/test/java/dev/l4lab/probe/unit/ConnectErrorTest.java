package dev.l4lab.probe.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.l4lab.probe.net.ConnectError;
import dev.l4lab.probe.v1.PortState;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** The exceptions the JDK and Netty throw for each errno, as seen in the wild. */
class ConnectErrorTest {

    @Test
    void classifiesByErrnoText() {
        assertEquals(ConnectError.EADDRNOTAVAIL,
                ConnectError.classify(new NoRouteToHostException("Cannot assign requested address (Address not available)")));
        assertEquals(ConnectError.EADDRNOTAVAIL, ConnectError.classify(new BindException("Cannot assign requested address")));
        assertEquals(ConnectError.EMFILE, ConnectError.classify(new SocketException("Too many open files")));
        assertEquals(ConnectError.EMFILE, ConnectError.classify(new IOException("Too many open files")));
        assertEquals(ConnectError.ECONNREFUSED, ConnectError.classify(new ConnectException("Connection refused")));
        assertEquals(ConnectError.EHOSTUNREACH, ConnectError.classify(new NoRouteToHostException("No route to host")));
        assertEquals(ConnectError.ENETUNREACH, ConnectError.classify(new SocketException("Network is unreachable")));
        assertEquals(ConnectError.TIMEOUT, ConnectError.classify(new SocketTimeoutException("Connect timed out")));
        assertEquals(ConnectError.TIMEOUT,
                ConnectError.classify(new io.netty.channel.ConnectTimeoutException("connection timed out after 300 ms: /127.0.0.1:1")));
        assertEquals(ConnectError.ECONNRESET, ConnectError.classify(new SocketException("Connection reset by peer")));
        assertEquals(ConnectError.OTHER, ConnectError.classify(new IOException("something else")));
    }

    @Test
    void mapsToNmapStates() {
        assertEquals(PortState.CLOSED, ConnectError.ECONNREFUSED.state);
        assertEquals(PortState.FILTERED, ConnectError.TIMEOUT.state);
        assertEquals(PortState.UNREACHABLE, ConnectError.EHOSTUNREACH.state);
        assertEquals(PortState.ERROR, ConnectError.EADDRNOTAVAIL.state);
        assertEquals("Connection refused", ConnectError.describe(new ConnectException("Connection refused: /127.0.0.1:1")));
    }

    @Test
    void everyErrnoHasItsReasonWord() {
        assertEquals("refused", ConnectError.ECONNREFUSED.reason.word);
        assertEquals("timeout", ConnectError.TIMEOUT.reason.word);
        assertEquals("reset", ConnectError.ECONNRESET.reason.word);
        assertEquals("unreachable", ConnectError.EHOSTUNREACH.reason.word);
        assertEquals("unreachable", ConnectError.ENETUNREACH.reason.word);
        assertEquals("local-limit", ConnectError.EMFILE.reason.word);
        assertEquals("no-ephemeral-port", ConnectError.EADDRNOTAVAIL.reason.word);
        assertEquals("other", ConnectError.OTHER.reason.word);
    }
}
