package dev.l4lab.lb.support;

import java.io.BufferedInputStream;
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

/**
 * A raw HTTP/1.x client connection over one real socket: sends exactly the bytes a test writes and reads responses
 * with full framing (Content-Length, chunked, close-delimited, and the bodiless HEAD, 204 and 304), keeping header
 * lines as received. Bodies are checked by length and CRC32, so 16 MiB need not sit in memory.
 */
public final class Http1 implements AutoCloseable {

    private static final int KEPT_BODY = 64 * 1024;

    /** One response as the client read it; bodyText holds at most the first 64 KiB. */
    public record Response(String statusLine, int status, List<String> headerLines, long bodyLength, long bodyCrc32,
            String bodyText) {

        public List<String> values(String name) {
            return HttpWire.values(headerLines, name);
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
        return connected(s, port);
    }

    /** A connection whose send buffer is small and fixed, so the kernel cannot soak up a large request. */
    public static Http1 openWithSendBuffer(int port, int bytes) throws IOException {
        Socket s = new Socket();
        s.setSendBufferSize(bytes);
        return connected(s, port);
    }

    private static Http1 connected(Socket s, int port) throws IOException {
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
        String statusLine = HttpWire.readLine(in);
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        List<String> headers = new ArrayList<>();
        String h;
        while ((h = HttpWire.readLine(in)) != null && !h.isEmpty()) {
            headers.add(h);
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Response head = new Response(statusLine, status, List.copyOf(headers), 0, 0, "");
        HttpWire.Body body = new HttpWire.Body(KEPT_BODY);
        if (headOnly || status == 204 || status == 304 || status / 100 == 1) {
            // no body, whatever the headers say
        } else if (head.values("Transfer-Encoding").stream()
                .anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
            body.readChunked(in);
        } else if (head.header("Content-Length") != null) {
            body.read(in, Long.parseLong(head.header("Content-Length")));
        } else {
            body.read(in, Long.MAX_VALUE); // close-delimited
        }
        return new Response(statusLine, status, head.headerLines(), body.length(), body.crc32(), body.text());
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

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
