package dev.l4lab.lb.support;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A raw HTTP/2 (h2c, prior knowledge) client over one real socket: writes exactly the frames a test asks for (so
 * it can open more streams than allowed, reset a stream, send GOAWAY, or never open its flow-control window) and
 * reads frames one by one. HPACK is Netty's; SETTINGS are acknowledged, nothing else is automatic.
 */
public final class H2Wire implements AutoCloseable {

    public static final int DATA = 0;
    public static final int HEADERS = 1;
    public static final int RST_STREAM = 3;
    public static final int SETTINGS = 4;
    public static final int PING = 6;
    public static final int GOAWAY = 7;
    public static final int WINDOW_UPDATE = 8;
    private static final int END_STREAM = 0x1;
    private static final int END_HEADERS = 0x4;
    private static final int ACK = 0x1;

    /** One frame as read. */
    public record Frame(int type, int flags, int stream, byte[] payload) {
        public boolean endStream() {
            return (flags & END_STREAM) != 0 && (type == DATA || type == HEADERS);
        }

        /** The error code of a RST_STREAM or GOAWAY. */
        public int errorCode() {
            ByteBuffer b = ByteBuffer.wrap(payload);
            return type == GOAWAY ? b.getInt(4) : b.getInt(0);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder();
    private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);

    private H2Wire(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects, sends the preface and a SETTINGS frame with this initial stream window (our receive window). */
    public static H2Wire open(int port, int initialWindow) throws IOException {
        return over(Clients.connect(port), initialWindow);
    }

    /** The same over a socket the test connected itself (with its own buffer sizes). */
    public static H2Wire over(Socket connected, int initialWindow) throws IOException {
        connected.setSoTimeout(Clients.READ_TIMEOUT_MS);
        H2Wire w = new H2Wire(connected);
        w.out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer setting = ByteBuffer.allocate(6).putShort((short) 0x4).putInt(initialWindow);
        w.frame(SETTINGS, 0, 0, setting.array());
        return w;
    }

    public Socket socket() {
        return socket;
    }

    public void request(int stream, String method, String path, boolean endStream) throws IOException {
        Http2Headers h = new DefaultHttp2Headers().method(method).scheme("http").path(path).authority("lb.test");
        ByteBuf block = Unpooled.buffer();
        try {
            encoder.encodeHeaders(stream, h, block);
        } catch (Http2Exception e) {
            throw new IOException(e);
        }
        byte[] b = new byte[block.readableBytes()];
        block.readBytes(b);
        block.release();
        frame(HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), stream, b);
    }

    public void data(int stream, byte[] body, boolean endStream) throws IOException {
        frame(DATA, endStream ? END_STREAM : 0, stream, body);
    }

    public void rst(int stream, int code) throws IOException {
        frame(RST_STREAM, 0, stream, ByteBuffer.allocate(4).putInt(code).array());
    }

    public void goaway(int lastStream, int code) throws IOException {
        frame(GOAWAY, 0, 0, ByteBuffer.allocate(8).putInt(lastStream).putInt(code).array());
    }

    public void windowUpdate(int stream, int increment) throws IOException {
        frame(WINDOW_UPDATE, 0, stream, ByteBuffer.allocate(4).putInt(increment).array());
    }

    public synchronized void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(9);
        head.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
        head.put((byte) type).put((byte) flags).putInt(stream);
        out.write(head.array());
        out.write(payload);
        out.flush();
    }

    /** The next frame other than SETTINGS (acknowledged) and PING (answered); null at EOF. */
    public Frame read() throws IOException {
        while (true) {
            byte[] head = new byte[9];
            try {
                in.readFully(head);
            } catch (EOFException eof) {
                return null;
            }
            int len = (head[0] & 0xff) << 16 | (head[1] & 0xff) << 8 | (head[2] & 0xff);
            int type = head[3] & 0xff;
            int flags = head[4] & 0xff;
            int stream = ByteBuffer.wrap(head, 5, 4).getInt() & 0x7fffffff;
            byte[] payload = new byte[len];
            in.readFully(payload);
            if (type == SETTINGS && (flags & ACK) == 0) {
                frame(SETTINGS, ACK, 0, new byte[0]);
            } else if (type == PING && (flags & ACK) == 0) {
                frame(PING, ACK, 0, payload);
            } else if (type != SETTINGS) {
                return new Frame(type, flags, stream, payload);
            }
        }
    }

    /** The :status of a HEADERS frame. */
    public int status(Frame headers) throws IOException {
        try {
            Http2Headers h = decoder.decodeHeaders(headers.stream(), Unpooled.wrappedBuffer(headers.payload()));
            return Integer.parseInt(h.status().toString());
        } catch (Http2Exception e) {
            throw new IOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
