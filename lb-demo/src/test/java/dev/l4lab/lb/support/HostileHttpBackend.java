package dev.l4lab.lb.support;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A raw HTTP/1.1 backend on 127.0.0.1 that misbehaves on request, by path, the way a broken or hostile server does
 * (plain sockets, so every byte is the test's):
 * <ul>
 * <li>{@code /close-mid-body}: a head promising 1000 bytes, 10 of them, then close;</li>
 * <li>{@code /early}: a complete 200 before reading any of the request body, then the body is read and dropped;</li>
 * <li>{@code /interim?n=N}: N interim responses (100 Continue, 103 Early Hints alternately) before a 200 "ok";</li>
 * <li>{@code /unframed?n=N}: 200 with neither Content-Length nor chunked, N bytes, then close;</li>
 * <li>{@code /never}: reads the request, never answers (until the LB closes);</li>
 * <li>{@code /twice}: a complete 200 "ok" followed by a second, unasked-for response on the same connection;</li>
 * <li>{@code /head-chunked}: a chunked 200 (a body even for HEAD: a server that ignores HEAD);</li>
 * <li>{@code /barrier}: holds the answer until {@link #barrier} requests wait together, then answers all
 * (Connection: close, so nothing is pooled);</li>
 * <li>{@code /stream?n=N}: 200 with Content-Length N, written slowly in 1 KiB pieces;</li>
 * <li>{@code /bytes?n=N}: the same written as fast as the LB takes it;</li>
 * <li>{@code /big-header?n=N}: a response header of N bytes;</li>
 * <li>{@code /garbage}: a status line that is no HTTP;</li>
 * <li>anything else: 200 "ok" with Content-Length, kept alive.</li>
 * </ul>
 * The request body (Content-Length or chunked) is read before answering, except where said.
 */
public final class HostileHttpBackend implements AutoCloseable {

    private static final int MAX_HANDLERS = 64;

    private final LoopbackServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong interimBytesWritten = new AtomicLong();
    private volatile CountDownLatch barrier = new CountDownLatch(2);

    public HostileHttpBackend() throws IOException {
        server = new LoopbackServer("hostile-backend", 0, MAX_HANDLERS, this::serve);
    }

    public String address() {
        return "127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    /** Connections accepted so far. */
    public int connections() {
        return server.connections();
    }

    /** Connections open now (the LB's, to this backend). */
    public int open() {
        return server.open();
    }

    /** Bytes of interim answers the latest /interim has written so far (blocking writes: stalls when unread). */
    public long interimBytesWritten() {
        return interimBytesWritten.get();
    }

    /** Request heads read so far. */
    public int requests() {
        return requests.get();
    }

    /** The next /barrier requests are answered once {@code n} of them wait together. */
    public void barrier(int n) {
        barrier = new CountDownLatch(n);
    }

    private void serve(Socket s) throws IOException {
        s.setSoTimeout(30_000);
        s.setTcpNoDelay(true);
        InputStream in = new BufferedInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        while (serveOne(in, out)) {
            // keep-alive
        }
    }

    private boolean serveOne(InputStream in, OutputStream out) throws IOException {
        String requestLine = HttpWire.readLine(in);
        if (requestLine == null) {
            return false;
        }
        List<String> headers = new ArrayList<>();
        String h;
        while ((h = HttpWire.readLine(in)) != null && !h.isEmpty()) {
            headers.add(h);
        }
        requests.incrementAndGet();
        String target = requestLine.split(" ").length > 1 ? requestLine.split(" ")[1] : "/";
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        long n = Long.parseLong(param(target, "n", "0"));
        switch (path) {
            case "/close-mid-body" -> {
                readBody(in, headers);
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789");
                return false;
            }
            case "/early" -> {
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nearly");
                readBody(in, headers);
                return true;
            }
            case "/interim" -> {
                readBody(in, headers);
                interimBytesWritten.set(0);
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    b.append(i % 2 == 0 ? "HTTP/1.1 100 Continue\r\n\r\n" : "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n");
                    if (b.length() > 8192) {
                        write(out, b.toString());
                        interimBytesWritten.addAndGet(b.length());
                        b.setLength(0);
                    }
                }
                write(out, b + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                return true;
            }
            case "/unframed" -> {
                readBody(in, headers);
                write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n");
                out.write(filler((int) n));
                out.flush();
                return false;
            }
            case "/never" -> {
                readBody(in, headers);
                while (in.read() >= 0) {
                    // until the LB gives up and closes
                }
                return false;
            }
            case "/twice" -> {
                readBody(in, headers);
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nsmuggle");
                return true;
            }
            case "/head-chunked" -> {
                readBody(in, headers);
                write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
                return true;
            }
            case "/barrier" -> {
                readBody(in, headers);
                CountDownLatch b = barrier;
                b.countDown();
                try {
                    if (!b.await(20, TimeUnit.SECONDS)) {
                        throw new IOException("barrier never filled");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
                return false;
            }
            case "/stream" -> {
                readBody(in, headers);
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + n + "\r\n\r\n");
                byte[] piece = filler(1024);
                for (long done = 0; done < n; done += piece.length) {
                    out.write(piece, 0, (int) Math.min(piece.length, n - done));
                    out.flush();
                    sleep(5);
                }
                return true;
            }
            case "/bytes" -> {
                readBody(in, headers);
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + n + "\r\n\r\n");
                byte[] piece = filler(16 * 1024);
                for (long done = 0; done < n; done += piece.length) {
                    out.write(piece, 0, (int) Math.min(piece.length, n - done));
                }
                out.flush();
                return true;
            }
            case "/big-header" -> {
                readBody(in, headers);
                write(out, "HTTP/1.1 200 OK\r\nX-Big: " + "b".repeat((int) n) + "\r\nContent-Length: 2\r\n\r\nok");
                return true;
            }
            case "/garbage" -> {
                readBody(in, headers);
                write(out, "HTTQ/9 two hundred\r\n\r\n");
                return true;
            }
            default -> {
                readBody(in, headers);
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                return true;
            }
        }
    }

    private static void readBody(InputStream in, List<String> headers) throws IOException {
        HttpWire.Body body = new HttpWire.Body(0);
        if (HttpWire.values(headers, "Transfer-Encoding").stream()
                .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
            body.readChunked(in);
        } else {
            List<String> cl = HttpWire.values(headers, "Content-Length");
            body.read(in, cl.isEmpty() ? 0 : Long.parseLong(cl.get(0)));
        }
    }

    private static byte[] filler(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String param(String target, String name, String fallback) {
        int q = target.indexOf('?');
        if (q < 0) {
            return fallback;
        }
        for (String kv : target.substring(q + 1).split("&")) {
            if (kv.startsWith(name + "=")) {
                return kv.substring(name.length() + 1);
            }
        }
        return fallback;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
