package dev.l4lab.lb.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A blocking TCP server on 127.0.0.1 for the raw test backends: each accepted connection is served on a daemon
 * thread of its own, at most {@code maxHandlers} at once (one more is closed at once); closing it closes the
 * listening socket and every connection.
 */
public final class LoopbackServer implements AutoCloseable {

    /** Serves one connection until it ends (the server closes the socket after). */
    public interface Handler {
        void serve(Socket s) throws IOException;
    }

    private final ServerSocket server;
    private final Handler handler;
    private final int maxHandlers;
    private final String name;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();

    /** @param receiveBuffer the accepted sockets' receive buffer (0: the system's) */
    public LoopbackServer(String name, int receiveBuffer, int maxHandlers, Handler handler) throws IOException {
        this.name = name;
        this.handler = handler;
        this.maxHandlers = maxHandlers;
        server = new ServerSocket();
        if (receiveBuffer > 0) {
            server.setReceiveBufferSize(receiveBuffer); // inherited by accepted sockets
        }
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(this::acceptLoop, name + "-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Connections being served now. */
    public int open() {
        return open.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                if (open.incrementAndGet() > maxHandlers) {
                    open.decrementAndGet();
                    s.close();
                    continue;
                }
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), name + "-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            handler.serve(s);
        } catch (IOException e) {
            // the peer closed or reset
        } finally {
            sockets.remove(s);
            open.decrementAndGet();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
