package dev.l4lab.lb.udp;

import dev.l4lab.lb.pool.Backend;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * One client ip:port in the session table: its own upstream socket (the "NAT" source port),
 * pinned to one backend (null in per-packet mode). Confined to the frontend's event loop.
 */
final class UdpSession {

    final String clientHost;
    final int clientPort;
    final Backend backend;
    final long createdMillis = System.currentTimeMillis();
    final ArrayDeque<Buffer> pending = new ArrayDeque<>();
    DatagramSocket upstream;
    /** Backends this session sent to (per-packet mode: several); only they may answer. */
    final Set<Backend> sentTo = new HashSet<>(4);
    /** "ip:port" sources already checked against a backend this session sent to. */
    final Set<String> trustedSources = new HashSet<>(4);
    boolean ready;
    boolean closed;
    volatile int upstreamPort;
    volatile long lastActivityMillis = createdMillis;
    volatile long packetsIn;
    volatile long packetsOut;
    volatile long bytesIn;
    volatile long bytesOut;
    /** Backend of the last datagram (per-packet mode). */
    volatile Backend lastBackend;

    UdpSession(String clientHost, int clientPort, Backend backend) {
        this.clientHost = clientHost;
        this.clientPort = clientPort;
        this.backend = backend;
        this.lastBackend = backend;
    }

    String key() {
        return key(clientHost, clientPort);
    }

    static String key(String host, int port) {
        return host + ":" + port;
    }

    UdpSessionView view(String frontend) {
        long now = System.currentTimeMillis();
        Backend b = lastBackend;
        return new UdpSessionView(key(), frontend, b == null ? null : b.name(), upstreamPort, packetsIn, packetsOut,
                bytesIn, bytesOut, now - createdMillis, now - lastActivityMillis);
    }
}
