package dev.l4lab.lb.support;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A raw HTTP/1.1 backend on 127.0.0.1 that records exactly what reached it: every byte read, and per request the
 * request line, the header lines as sent (order, case and duplicates kept) and the body's length and CRC32 after
 * de-chunking. Written on plain sockets so no HTTP library normalises what the LB sent. Answers by path:
 * <ul>
 * <li>{@code /bytes?n=N}: 200 with N bytes of {@link Payload} (Content-Length), written in 16 KiB pieces and
 * counted in {@link #responseBytesWritten()} so a test sees where the backend's writes stall;</li>
 * <li>{@code /chunked-bytes?n=N}: the same bytes chunked (chunk sizes 1 byte to 40 KiB) with a trailer;</li>
 * <li>{@code /bad-framing?kind=cl-te|two-cl}: a response framed two ways (Content-Length and chunked, or two
 * different Content-Lengths), which a proxy must not pass on;</li>
 * <li>{@code /hop-response}: 200 with hop-by-hop headers the LB must drop and end-to-end ones it must keep;</li>
 * <li>{@code /status?code=C}: C with no body (204, 304 with the Content-Length a 200 would have);</li>
 * <li>{@code /hold-body}: reads the head, then not one body byte until {@link #releaseHeldBody()};</li>
 * <li>anything else: 200 "ok" naming the request target in X-Request-Target. HEAD gets the head of the same answer and no body.</li>
 * </ul>
 * Small buffers on purpose (64 KiB send and receive), so the kernel cannot hide a proxy's buffering.
 */
public final class RecordingHttpBackend implements AutoCloseable {

    public static final int SOCKET_BUFFER = 64 * 1024;
    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_HANDLERS = 32;

    /** One request as the backend read it. */
    public record Received(String requestLine, List<String> headerLines, long bodyLength, long bodyCrc32,
            String bodyText) {

        /** All values of a header (case-insensitive name), in the order received. */
        public List<String> values(String name) {
            return HttpWire.values(headerLines, name);
        }

        public boolean has(String name) {
            return !values(name).isEmpty();
        }
    }

    private final LoopbackServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong responseBytesWritten = new AtomicLong();
    private final AtomicInteger holding = new AtomicInteger();
    private final CountDownLatch heldBodyReleased = new CountDownLatch(1);

    public RecordingHttpBackend() throws IOException {
        server = new LoopbackServer("recording-backend", SOCKET_BUFFER, MAX_HANDLERS, this::serve);
    }

    public String address() {
        return "127.0.0.1:" + port();
    }

    public int port() {
        return server.port();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Every byte any connection delivered to this backend, requests or not. */
    public long bytesRead() {
        return bytesRead.get();
    }

    public int connections() {
        return server.connections();
    }

    /** Body bytes written by the latest /bytes answer so far (blocking writes: stalls when nobody reads). */
    public long responseBytesWritten() {
        return responseBytesWritten.get();
    }

    /** How many /hold-body requests are waiting with their body unread. */
    public int holding() {
        return holding.get();
    }

    public void releaseHeldBody() {
        heldBodyReleased.countDown();
    }

    private void serve(Socket s) throws IOException {
        s.setSoTimeout(30_000);
        s.setSendBufferSize(SOCKET_BUFFER);
        s.setTcpNoDelay(true);
        InputStream in = new BufferedInputStream(new CountingInput(s.getInputStream(), bytesRead));
        OutputStream out = s.getOutputStream();
        while (serveOne(in, out)) {
            // keep-alive: next request on the same connection
        }
    }

    private boolean serveOne(InputStream in, OutputStream out) throws IOException {
        String requestLine = HttpWire.readLine(in);
        if (requestLine == null) {
            return false;
        }
        List<String> headers = new ArrayList<>();
        int headBytes = requestLine.length();
        String h;
        while ((h = HttpWire.readLine(in)) != null && !h.isEmpty()) {
            headBytes += h.length();
            if (headBytes > MAX_HEAD) {
                throw new IOException("request head over " + MAX_HEAD + " bytes");
            }
            headers.add(h);
        }
        String[] parts = requestLine.split(" ");
        String method = parts[0];
        String target = parts.length > 1 ? parts[1] : "/";
        String version = parts.length > 2 ? parts[2] : "HTTP/1.1";
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        Received probe = new Received(requestLine, headers, 0, 0, "");
        if (path.equals("/hold-body")) {
            holding.incrementAndGet();
            try {
                if (!heldBodyReleased.await(60, TimeUnit.SECONDS)) {
                    throw new IOException("held body never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            } finally {
                holding.decrementAndGet();
            }
        }
        if (probe.values("Expect").stream().anyMatch(v -> v.equalsIgnoreCase("100-continue"))) {
            write(out, "HTTP/1.1 100 Continue\r\n\r\n");
            out.flush();
        }
        HttpWire.Body body = new HttpWire.Body(4096);
        if (probe.values("Transfer-Encoding").stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
            body.readChunked(in);
        } else {
            List<String> cl = probe.values("Content-Length");
            body.read(in, cl.isEmpty() ? 0 : Long.parseLong(cl.get(0)));
        }
        received.add(new Received(requestLine, List.copyOf(headers), body.length(), body.crc32(), body.text()));
        boolean close = probe.values("Connection").stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("close"))
                || (version.equals("HTTP/1.0") && probe.values("Connection").stream()
                        .noneMatch(v -> v.toLowerCase(Locale.ROOT).contains("keep-alive")));
        respond(out, method.equals("HEAD"), target, close);
        return !close;
    }

    private void respond(OutputStream out, boolean head, String target, boolean close) throws IOException {
        String connection = close ? "Connection: close\r\n" : "";
        String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
        String query = query(target);
        switch (path) {
            case "/bytes" -> {
                long n = Long.parseLong(param(query, "n", "0"));
                write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + n + "\r\n"
                        + connection + "\r\n");
                if (!head) {
                    responseBytesWritten.set(0);
                    Payload.writeTo(out, n, responseBytesWritten);
                }
            }
            case "/chunked-bytes" -> {
                long n = Long.parseLong(param(query, "n", "0"));
                write(out, "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n"
                        + "Trailer: X-Checksum\r\n" + connection + "\r\n");
                if (!head) {
                    writeChunked(out, n);
                }
            }
            case "/bad-framing" -> write(out, "HTTP/1.1 200 OK\r\n" + (param(query, "kind", "").equals("cl-te")
                    ? "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                    : "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"));
            case "/hop-response" -> write(out, "HTTP/1.1 200 OK\r\n"
                    + "Connection: X-Internal\r\n"
                    + "X-Internal: 1\r\n"
                    + "Keep-Alive: timeout=5\r\n"
                    + "Proxy-Connection: keep-alive\r\n"
                    + "Upgrade: h2c\r\n"
                    + "Cache-Control: no-cache\r\n"
                    + "Set-Cookie: a=1\r\n"
                    + "Cache-Control: no-store\r\n"
                    + "Set-Cookie: b=2\r\n"
                    + "X-End-To-End: kept\r\n"
                    + "Content-Length: 2\r\n" + connection + "\r\n" + (head ? "" : "ok"));
            case "/status" -> {
                int code = Integer.parseInt(param(query, "code", "204"));
                // A 304 may carry the Content-Length a 200 would have had (RFC 9110 8.6), with no body.
                String length = code == 304 ? "Content-Length: 5\r\nETag: \"v1\"\r\n" : "";
                write(out, "HTTP/1.1 " + code + " " + (code == 304 ? "Not Modified" : "No Content") + "\r\n" + length
                        + connection + "\r\n");
            }
            default -> write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
                    + "X-Request-Target: " + target + "\r\n" + connection + "\r\n" + (head ? "" : "ok"));
        }
        out.flush();
    }

    /** n bytes of {@link Payload} in chunks of varying size (1 byte to 40 KiB), then a trailer. */
    private static void writeChunked(OutputStream out, long n) throws IOException {
        Payload payload = new Payload();
        int[] sizes = {1, 40 * 1024, 3, 8192, 16 * 1024 + 1};
        byte[] piece = new byte[40 * 1024];
        long left = n;
        for (int i = 0; left > 0; i++) {
            int len = (int) Math.min(sizes[i % sizes.length], left);
            payload.fill(piece, len);
            write(out, Integer.toHexString(len) + "\r\n");
            out.write(piece, 0, len);
            write(out, "\r\n");
            left -= len;
        }
        write(out, "0\r\nX-Checksum: crc32\r\n\r\n");
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String query(String target) {
        int q = target.indexOf('?');
        return q < 0 ? "" : target.substring(q + 1);
    }

    private static String param(String query, String name, String fallback) {
        for (String kv : query.split("&")) {
            if (kv.startsWith(name + "=")) {
                return kv.substring(name.length() + 1);
            }
        }
        return fallback;
    }

    @Override
    public void close() throws IOException {
        heldBodyReleased.countDown();
        server.close();
    }

    /** Counts every byte read, so "nothing reached the backend" is checked on the wire, not on parsed requests. */
    private static final class CountingInput extends InputStream {
        private final InputStream in;
        private final AtomicLong count;

        CountingInput(InputStream in, AtomicLong count) {
            this.in = in;
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int c = in.read();
            if (c >= 0) {
                count.incrementAndGet();
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int r = in.read(b, off, len);
            if (r > 0) {
                count.addAndGet(r);
            }
            return r;
        }
    }
}
