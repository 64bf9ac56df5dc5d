package dev.l4lab.probe.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/** Real loopback listeners for the tests. Everything is closed by {@link #close()}. */
public final class Listeners implements AutoCloseable {

    public static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final List<AutoCloseable> resources = new ArrayList<>();

    /** A TCP server that writes {@code banner} on accept, then echoes until EOF, then closes. */
    public int tcpBanner(String banner) throws IOException {
        ServerSocket server = track(new ServerSocket(0, 50, LOOPBACK));
        thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    thread(() -> serve(s, banner));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server.getLocalPort();
    }

    /**
     * A TCP sink for connection churn: deep backlog, reads each connection to EOF and only then closes,
     * so the client always closes first (TIME-WAIT lands on the client).
     */
    public int tcpSink() throws IOException {
        return tcpSink(LOOPBACK);
    }

    /** {@link #tcpSink()} bound to {@code address} (e.g. {@link #privateLoopback()}). */
    public int tcpSink(InetAddress address) throws IOException {
        return countingSink(address).port();
    }

    /** A sink that counts the connections it accepted (to see whether a client really stopped). */
    public record CountingSink(int port, AtomicInteger accepted) {
    }

    /** {@link #tcpSink(InetAddress)} that counts accepted connections. */
    public CountingSink countingSink(InetAddress address) throws IOException {
        ServerSocket server = track(new ServerSocket(0, 1024, address));
        AtomicInteger accepted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "test-sink");
            t.setDaemon(true);
            return t;
        });
        track(pool::shutdownNow);
        thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    accepted.incrementAndGet();
                    pool.execute(() -> serve(s, ""));
                } catch (IOException | RejectedExecutionException e) {
                    return;
                }
            }
        });
        return new CountingSink(server.getLocalPort(), accepted);
    }

    /**
     * A slow peer for connection churn: one thread accepts, reads each connection to EOF and closes the
     * n-th one no earlier than {@code closeIntervalMs * n} after the first accept (a schedule, so late
     * wake-ups on a busy machine do not add up). Slower than the churn, it leaves many of the client's
     * sockets in FIN-WAIT-2, waiting for this side's FIN, when the churn's last close() returns.
     */
    public int laggingTcpSink(InetAddress address, int closeIntervalMs) throws IOException {
        ServerSocket server = track(new ServerSocket(0, 1024, address));
        thread(() -> {
            long first = 0;
            for (long n = 0; !server.isClosed(); n++) {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    first = n == 0 ? System.nanoTime() : first;
                    while (in.read() >= 0) {
                        // drain to EOF: the client closes first
                    }
                    long wait = first + n * closeIntervalMs * 1_000_000L - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                    }
                } catch (IOException e) {
                    if (server.isClosed()) {
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        return server.getLocalPort();
    }

    private static void serve(Socket s, String banner) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            if (!banner.isEmpty()) {
                out.write(banner.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
        } catch (IOException ignored) {
            // peer went away
        }
    }

    /** A TCP server that writes {@code bytes} to every connection and then holds it open. */
    public int tcpSender(byte[] bytes) throws IOException {
        ServerSocket server = track(new ServerSocket(0, 100, LOOPBACK));
        thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = track(server.accept());
                    OutputStream out = s.getOutputStream();
                    out.write(bytes);
                    out.flush();
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server.getLocalPort();
    }

    /** A plain listener that is never accepted from (its sockets sit in the accept queue). */
    public ServerSocket idleListener(int backlog) throws IOException {
        return idleListener(backlog, LOOPBACK);
    }

    public ServerSocket idleListener(int backlog, InetAddress address) throws IOException {
        return track(new ServerSocket(0, backlog, address));
    }

    /**
     * A random loopback address other than 127.0.0.1 (all of 127/8 reaches lo on Linux). Other test runs
     * on this machine churn 127.0.0.1, and a listener's ephemeral port may have served someone else a moment
     * ago, so sockets toward 127.0.0.1:port can be theirs; toward a random 127.x.y.z:port they are ours.
     */
    public static InetAddress privateLoopback() throws IOException {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return InetAddress.getByAddress(new byte[] {127, (byte) r.nextInt(1, 255), (byte) r.nextInt(0, 256),
            (byte) r.nextInt(1, 255)});
    }

    /**
     * A FILTERED target without root or firewall: a backlog-1 listener that never accepts, with its
     * accept queue filled first. Linux then drops further SYNs (no RST), so connects time out.
     */
    public int filteredPort() throws IOException {
        return fillAcceptQueue()[0];
    }

    /**
     * Fills the accept queue of a backlog-1 listener that never accepts; returns {port, connections
     * that completed before SYNs started being dropped}. Linux queues backlog + 1 = 2.
     */
    public int[] fillAcceptQueue() throws IOException {
        ServerSocket server = idleListener(1);
        int port = server.getLocalPort();
        for (int i = 0; i < 8; i++) {
            Socket s = new Socket();
            track(s);
            try {
                // A dropped SYN never completes; a queued one completes in the kernel at once, but give
                // it a second on a busy machine (softirqs can be deferred) so it is not mistaken for a drop.
                s.connect(new InetSocketAddress(LOOPBACK, port), 1000);
            } catch (SocketTimeoutException e) {
                return new int[] {port, i}; // the queue is full: SYNs are dropped now
            }
        }
        throw new IllegalStateException("accept queue of port " + port + " never filled");
    }

    /** A port that was just bound and released on both TCP and UDP: nothing listens there. */
    public static int closedPort() throws IOException {
        for (int i = 0; i < 20; i++) {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
                port = s.getLocalPort();
            }
            try (DatagramSocket d = new DatagramSocket(port, LOOPBACK)) {
                return port;
            } catch (IOException busy) {
                // UDP side taken, try another
            }
        }
        throw new IllegalStateException("no free port");
    }

    /** A UDP echo server. */
    public int udpEcho() throws IOException {
        DatagramSocket socket = track(new DatagramSocket(0, LOOPBACK));
        thread(() -> {
            byte[] buf = new byte[65535];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    socket.receive(p);
                    socket.send(new DatagramPacket(p.getData(), p.getLength(), p.getSocketAddress()));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return socket.getLocalPort();
    }

    /** A UDP socket that receives and never answers (OPEN_FILTERED from the outside). */
    public int udpSilent() throws IOException {
        return track(new DatagramSocket(0, LOOPBACK)).getLocalPort();
    }

    /** A connected TCP pair through a listener this object keeps; returns {client, accepted}. */
    public Socket[] establishedPair(InetAddress bindAddress, InetAddress connectAddress) throws IOException {
        ServerSocket server = track(new ServerSocket(0, 5, bindAddress));
        Socket client = track(new Socket(connectAddress, server.getLocalPort()));
        Socket accepted = track(server.accept());
        return new Socket[] {client, accepted};
    }

    public <T extends AutoCloseable> T track(T resource) {
        synchronized (resources) {
            resources.add(resource);
        }
        return resource;
    }

    private static void thread(Runnable r) {
        Thread t = new Thread(r, "test-listener");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        synchronized (resources) {
            for (AutoCloseable r : resources) {
                try {
                    r.close();
                } catch (Exception ignored) {
                    // best effort
                }
            }
            resources.clear();
        }
    }
}
