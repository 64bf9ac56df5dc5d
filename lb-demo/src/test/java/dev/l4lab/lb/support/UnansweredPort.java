package dev.l4lab.lb.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback port whose SYNs go unanswered, without root or a firewall: a backlog-1 listener that never accepts,
 * its accept queue filled first. Linux then drops further SYNs (no RST), so connects to it time out, as toward a
 * filtered port. Closing it closes the listener and the filling connections.
 */
public final class UnansweredPort implements AutoCloseable {

    private final ServerSocket listener;
    private final List<Socket> queued = new ArrayList<>();

    public UnansweredPort() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        for (int i = 0; i < 8; i++) {
            Socket s = new Socket();
            queued.add(s);
            try {
                // A queued SYN completes in the kernel at once; a second allows for a busy machine.
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), 1000);
            } catch (SocketTimeoutException full) {
                return; // the queue is full: SYNs are dropped from now on
            }
        }
        close();
        throw new IllegalStateException("the accept queue of port " + port() + " never filled");
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** "127.0.0.1:port", as a backend address. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    @Override
    public void close() {
        for (Socket s : queued) {
            try {
                s.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
        try {
            listener.close();
        } catch (IOException ignored) {
            // best effort
        }
    }
}
