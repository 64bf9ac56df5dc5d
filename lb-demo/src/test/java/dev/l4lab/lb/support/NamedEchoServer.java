package dev.l4lab.lb.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real TCP backend on 127.0.0.1 for tests. On connect it writes its own address ("127.0.0.1:port\n")
 * so a client knows which backend it reached, then echoes. Half-close behaviour:
 * <ul>
 * <li>on EOF from the LB it writes "bye\n" and closes (proves our FIN arrived while its reply still flows);</li>
 * <li>on a line "fin-now" it writes "closing my side\n", shuts down its output (FIN) and keeps reading,
 * counting bytes into {@link #bytesAfterOwnFin()}.</li>
 * </ul>
 */
public final class NamedEchoServer implements AutoCloseable {

    private final ServerSocket server;
    private final String name;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong bytesAfterOwnFin = new AtomicLong();
    private final Thread acceptor;

    public NamedEchoServer() throws IOException {
        this(0);
    }

    public NamedEchoServer(int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        name = "127.0.0.1:" + server.getLocalPort();
        acceptor = new Thread(this::acceptLoop, "echo-" + name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.getLocalPort();
    }

    public long accepted() {
        return accepted.get();
    }

    public long bytesAfterOwnFin() {
        return bytesAfterOwnFin.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.incrementAndGet();
                open.add(s);
                Thread t = new Thread(() -> serve(s), "echo-conn-" + name);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write((name + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] buf = new byte[16384];
            StringBuilder line = new StringBuilder();
            boolean ownFinSent = false;
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (ownFinSent) {
                    bytesAfterOwnFin.addAndGet(n);
                    continue;
                }
                out.write(buf, 0, n);
                out.flush();
                line.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                if (line.length() > 64) {
                    line.delete(0, line.length() - 64);
                }
                if (line.indexOf("fin-now\n") >= 0) {
                    out.write("closing my side\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    s.shutdownOutput();
                    ownFinSent = true;
                }
            }
            if (!ownFinSent) {
                out.write("bye\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            // peer reset or server closed: nothing to do
        } finally {
            open.remove(s);
        }
    }

    /** Stops listening and resets every open connection (a crashed backend). */
    @Override
    public void close() throws IOException {
        server.close();
        // The JDK frees the listening socket only when the blocked accept() returns: until then the kernel
        // still completes handshakes on it. Wait, so that a connect after close() is refused like a crash.
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Socket s : open) {
            s.close();
        }
    }
}
