package dev.l4lab.lb.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * A raw HTTP/1.x client connection over one real socket: sends exactly the bytes a test writes and reads responses
 * with full framing (Content-Length, chunked, close-delimited, and the bodiless HEAD, 204 and 304), keeping header
 * lines as received. Bodies are checked by length and CRC32, so 16 MiB need not sit in memory.
 */
public final class Http1 implements AutoCloseable {

    private static final int MAX_LINE = 64 * 1024;
    private static final int KEPT_BODY = 64 * 1024;

    /** One response as the client read it; bodyText holds at most the first 64 KiB. */
    public record Response(String statusLine, int status, List<String> headerLines, long bodyLength, long bodyCrc32,
            String bodyText) {

        public List<String> values(String name) {
            return HeaderLines.values(headerLines, name);
        }

        public boolean has(String name) {
            return !values(name).isEmpty();
        }

        public String header(String name) {
            List<String> v = values(name);
            return v.isEmpty() ? null : v.get(0);
        }
    }

    private final Socket socket;
    private final InputStream in;

    private Http1(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    public static Http1 open(int port) throws IOException {
        return new Http1(Clients.connect(port));
    }

    /** A connection whose receive buffer is small and fixed, so the kernel cannot soak up a large response. */
    public static Http1 openWithReceiveBuffer(int port, int bytes) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(bytes);
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        s.setSoTimeout(Clients.READ_TIMEOUT_MS);
        return new Http1(s);
    }

    /** A connection whose send buffer is small and fixed, so the kernel cannot soak up a large request. */
    public static Http1 openWithSendBuffer(int port, int bytes) throws IOException {
        Socket s = new Socket();
        s.setSendBufferSize(bytes);
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        s.setSoTimeout(Clients.READ_TIMEOUT_MS);
        return new Http1(s);
    }

    public Socket socket() {
        return socket;
    }

    public void send(String raw) throws IOException {
        send(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void send(byte[] raw) throws IOException {
        socket.getOutputStream().write(raw);
        socket.getOutputStream().flush();
    }

    public Response read() throws IOException {
        return read(false);
    }

    /** Reads one response; headOnly for the answer to a HEAD request (no body whatever the headers say). */
    public Response read(boolean headOnly) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        List<String> headers = new ArrayList<>();
        String h;
        while ((h = line()) != null && !h.isEmpty()) {
            headers.add(h);
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Response head = new Response(statusLine, status, List.copyOf(headers), 0, 0, "");
        CRC32 crc = new CRC32();
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        long length;
        if (headOnly || status == 204 || status == 304 || status / 100 == 1) {
            length = 0;
        } else if (head.values("Transfer-Encoding").stream()
                .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
            length = 0;
            while (true) {
                String size = line();
                if (size == null) {
                    throw new IOException("EOF in chunked response");
                }
                int semi = size.indexOf(';');
                long n = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
                if (n == 0) {
                    while ((h = line()) != null && !h.isEmpty()) {
                        // trailers
                    }
                    break;
                }
                copy(n, crc, kept);
                length += n;
                line();
            }
        } else if (head.header("Content-Length") != null) {
            length = Long.parseLong(head.header("Content-Length"));
            copy(length, crc, kept);
        } else {
            length = copy(Long.MAX_VALUE, crc, kept); // close-delimited
        }
        return new Response(statusLine, status, head.headerLines(), length, crc.getValue(),
                kept.toString(StandardCharsets.ISO_8859_1));
    }

    private long copy(long n, CRC32 crc, ByteArrayOutputStream kept) throws IOException {
        byte[] buf = new byte[16 * 1024];
        long done = 0;
        while (done < n) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                if (n == Long.MAX_VALUE) {
                    return done;
                }
                throw new IOException("EOF after " + done + " of " + n + " body bytes");
            }
            crc.update(buf, 0, r);
            if (kept.size() < KEPT_BODY) {
                kept.write(buf, 0, Math.min(r, KEPT_BODY - kept.size()));
            }
            done += r;
        }
        return done;
    }

    /** True when the peer closes (EOF or reset) with no further byte, within the read timeout. */
    public boolean closedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String l = b.toString(StandardCharsets.ISO_8859_1);
                return l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
            }
            if (b.size() >= MAX_LINE) {
                throw new IOException("response line over " + MAX_LINE + " bytes");
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
