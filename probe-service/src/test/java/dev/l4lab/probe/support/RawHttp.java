package dev.l4lab.probe.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tiny HTTP/1.1 client on a plain socket: it can come from any loopback source address (a client of its
 * own for the service's per-client limits) and send exactly the bytes a hostile client would.
 */
public final class RawHttp {

    /** Status, headers (lower-case names) and body of one response. */
    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    public static Response request(InetAddress source, int port, String method, String path, String body,
                                   String... headerLines) throws IOException {
        try (Socket s = connect(source, port)) {
            s.setSoTimeout(30_000);
            send(s, method, path, body, headerLines);
            return read(s.getInputStream());
        }
    }

    /** Opens a connection and sends a request; the caller decides whether (and how fast) to read. */
    public static Socket open(InetAddress source, int port, String method, String path, String body, int receiveBuffer)
            throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(receiveBuffer);
        s.bind(new InetSocketAddress(source, 0));
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        send(s, method, path, body);
        return s;
    }

    private static Socket connect(InetAddress source, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(source, 0));
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        return s;
    }

    private static void send(Socket s, String method, String path, String body, String... headerLines) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(bytes.length).append("\r\n");
        }
        for (String h : headerLines) {
            head.append(h).append("\r\n");
        }
        head.append("\r\n");
        s.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().write(bytes);
        s.getOutputStream().flush();
    }

    /** Reads a whole response (the server closes: Connection: close), de-chunking if needed. */
    public static Response read(InputStream in) throws IOException {
        String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete response head: " + all);
        }
        String[] lines = all.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = all.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static String dechunk(String chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < chunked.length()) {
            int eol = chunked.indexOf("\r\n", i);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(i, eol).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked.substring(eol + 2, eol + 2 + size).getBytes(StandardCharsets.ISO_8859_1), 0, size);
            i = eol + 2 + size + 2;
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
