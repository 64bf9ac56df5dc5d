package dev.l4lab.lb.http;

import dev.l4lab.lb.frontend.Drop;
import dev.l4lab.lb.frontend.HttpConnectionView;
import dev.l4lab.lb.net.HalfClose;
import dev.l4lab.lb.pool.Backend;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The last handler of a client connection (HTTP/1.1), or of one HTTP/2 stream: takes requests one at a time and
 * runs an {@link Exchange} for each. Between exchanges of a kept-alive connection the idle timeout runs; during
 * one, the backend's silence is timed (request-timeout). Event-loop confined.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {

    private final HttpFrontend frontend;
    private final BackendPool backends;
    private final RequestDecoder decoder;
    private final ResponseEncoder encoder;
    private final HeaderDeadline deadline;
    private final String clientIp;
    private final int clientPort;
    private final ClientConnection parent;
    private final LoopClock clock;
    /** System.nanoTime() after which {@link #deadlinePassed} runs, or 0: none. */
    private long deadlineNanos;
    private final long openedMillis = System.currentTimeMillis();
    private Channel ch;
    private volatile String protocol = "HTTP/1.1";
    private Exchange ex;
    /** Between a request's head and its last content. */
    private boolean requestOpen;
    /** The request being taken ended with its HEADERS frame (its last content follows at once). */
    private boolean wholeRequest;
    private boolean closing;
    private boolean readsPaused;
    /** The next request waits until the client has taken the answers queued for it. */
    private boolean nextWhenWritable;
    private volatile long requests;
    /** Open HTTP/2 streams of this connection. */
    private int streams;
    /** The socket's byte counts already given to an exchange's statistics. */
    private long countedIn;
    private long countedOut;

    /** A client connection, HTTP/1.1 until it turns out to be h2c. */
    ClientConnection(HttpFrontend frontend, BackendPool backends, LoopClock clock, RequestDecoder decoder,
            ResponseEncoder encoder, HeaderDeadline deadline, InetSocketAddress client) {
        this.frontend = frontend;
        this.backends = backends;
        this.decoder = decoder;
        this.encoder = encoder;
        this.deadline = deadline;
        this.clientIp = client.getAddress().getHostAddress();
        this.clientPort = client.getPort();
        this.parent = null;
        this.clock = clock;
    }

    /** One HTTP/2 stream of {@code parent} (a stream carries one request; its framing is the connection's). */
    ClientConnection(ClientConnection parent) {
        this.frontend = parent.frontend;
        this.backends = parent.backends;
        this.decoder = null;
        this.encoder = null;
        this.deadline = null;
        this.clientIp = parent.clientIp;
        this.clientPort = parent.clientPort;
        this.parent = parent;
        this.clock = parent.clock;
    }

    RequestDecoder decoder() {
        return decoder;
    }

    ResponseEncoder encoder() {
        return encoder;
    }

    /** The connection now speaks h2c: this handler leaves the pipeline, and stays the connection's record. */
    void becameHttp2() {
        protocol = "h2c";
        clock.unwatch(this);
    }

    /** A new HTTP/2 stream: false if the connection already has {@link HttpLimits#H2_STREAMS} open. */
    boolean streamOpened() {
        if (streams >= HttpLimits.H2_STREAMS) {
            return false;
        }
        streams++;
        return true;
    }

    void streamClosed() {
        streams--;
    }

    void close() {
        if (ch != null) {
            ch.close();
        }
    }

    /** The row of GET /connections (read from another thread: a snapshot, not a transaction). */
    HttpConnectionView view() {
        Exchange e = ex;
        Backend b = e == null ? null : e.backend();
        String state = e == null ? "idle" : e.state();
        long in = deadline == null ? 0 : deadline.bytesIn;
        long out = deadline == null ? 0 : deadline.bytesOut;
        return new HttpConnectionView(clientAddress(), frontend.name(), protocol, b == null ? null : b.name(),
                protocol.equals("h2c") ? "streams" : state, requests, in, out,
                System.currentTimeMillis() - openedMillis);
    }

    private String clientAddress() {
        return clientIp + ":" + clientPort;
    }

    HttpFrontend frontend() {
        return frontend;
    }

    BackendPool backends() {
        return backends;
    }

    String clientIp() {
        return clientIp;
    }

    private boolean stream() {
        return decoder == null;
    }

    /** Client bytes read since the last call (an h2c stream has no socket of its own: {@code bodyBytes}). */
    long wireBytesIn(long bodyBytes) {
        if (deadline == null) {
            return bodyBytes;
        }
        long n = deadline.bytesIn - countedIn;
        countedIn = deadline.bytesIn;
        return n;
    }

    /** Client bytes written since the last call (an h2c stream: {@code bodyBytes}). */
    long wireBytesOut(long bodyBytes) {
        if (deadline == null) {
            return bodyBytes;
        }
        long n = deadline.bytesOut - countedOut;
        countedOut = deadline.bytesOut;
        return n;
    }


    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ch = ctx.channel();
        clock.watch(this);
        if (!stream()) {
            deadlineIn(frontend.settings().idleTimeoutMs());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest full) {
            // an HTTP/2 request that ended with its HEADERS frame: a head and its (empty) last piece, as HTTP/1 has
            HttpRequest head = new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), full.headers());
            head.setDecoderResult(full.decoderResult());
            wholeRequest = true;
            request(head);
            content(new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
            wholeRequest = false;
            return;
        }
        if (msg instanceof HttpRequest req) {
            request(req);
        }
        if (msg instanceof HttpContent piece) {
            content(piece);
        } else if (!(msg instanceof HttpObject)) {
            ReferenceCountUtil.release(msg);
        }
    }

    private void request(HttpRequest req) {
        requestOpen = true;
        if (deadline != null) {
            deadline.headersComplete();
        }
        if (ex != null || closing) {
            return; // a second request on one HTTP/2 stream; its content is dropped with it
        }
        if (req.decoderResult().isFailure()) {
            frontend.stats().drop(Drop.BAD_REQUEST);
            writeError(400, "bad request: " + req.decoderResult().cause().getMessage(), true);
            closeAfterWrites();
            return;
        }
        if (req.method() == HttpMethod.CONNECT) {
            writeError(501, "CONNECT is not proxied by this L7 frontend (use an L4 frontend for tunnels)", true);
            closeAfterWrites();
            return;
        }
        if (encoder != null) {
            encoder.answering(req.method() == HttpMethod.HEAD);
        }
        ex = new Exchange(this, req, clientIp);
        deadlineNanos = 0; // the exchange's clock is the backend's silence, see deadlinePassed
        ex.start();
    }

    private void content(HttpContent piece) {
        boolean last = piece instanceof LastHttpContent;
        Exchange e = ex;
        if (piece.decoderResult().isFailure()) {
            // the body's framing broke (the decoder drops all further input): never an end for the backend
            ReferenceCountUtil.release(piece);
            requestOpen = false;
            if (e != null) {
                e.requestBroken(piece.decoderResult().cause());
            }
            if (!closing) {
                closeAfterWrites();
            }
            return;
        }
        if (e != null && requestOpen && !e.finished()) {
            e.requestContent(piece);
        } else {
            ReferenceCountUtil.release(piece);
        }
        if (last) {
            requestOpen = false;
            if (ex == null) {
                nextRequest();
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (ex != null) {
            ex.flushToBackend();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ex != null) {
            ex.clientWritable(ch.isWritable());
        } else if (nextWhenWritable && ch.isWritable() && !requestOpen) {
            nextRequest();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        clock.unwatch(this);
        if (ex != null) {
            ex.clientGone();
        }
        ctx.fireChannelInactive();
    }

    /**
     * The client's FIN (HTTP/1.1 connections allow half-close), passed on by the decoder once it has taken every
     * complete request sent before it: the request in progress is still answered; with none, or one whose body
     * can never be complete now, the connection closes.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!HalfClose.isFin(evt)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        if (ex != null && !requestOpen && !closing) {
            return; // answered first; then the decoder tells again (see RequestDecoder#resume)
        }
        if (ex != null) {
            ex.clientGone();
        }
        closing = true;
        HalfClose.coalesceWithFin(ch);
        ch.flush();
        ch.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // resets and the like: the connection is gone, channelInactive cleans up
        ctx.close();
    }

    private void deadlineIn(long ms) {
        deadlineNanos = System.nanoTime() + ms * 1_000_000L;
        if (deadlineNanos == 0) {
            deadlineNanos = 1;
        }
    }

    /** From the loop's clock. Between requests: the idle timeout; in an exchange: see {@link Exchange#overdue}. */
    void checkDeadline(long now) {
        if (closing) {
            return;
        }
        if (deadline != null) {
            deadline.check(now);
        }
        if (ex != null) {
            ex.checkTimeouts(now);
        } else if (deadlineNanos != 0 && now - deadlineNanos > 0) {
            deadlineNanos = 0;
            if (!stream()) {
                ch.close(); // idle keep-alive connection
            }
        }
    }

    /** A client that does not take its response for the idle timeout: the exchange is given up. */
    void clientStalled() {
        if (ex != null) {
            ex.clientGone();
        }
        ch.close();
    }

    void pauseReads(boolean pause) {
        if (pause != readsPaused) {
            readsPaused = pause;
            ch.config().setAutoRead(!pause);
        }
    }

    boolean writable() {
        return ch.isWritable();
    }

    void writeResponse(HttpObject msg) {
        ch.write(msg, ch.voidPromise());
    }

    void flush() {
        ch.flush();
    }

    /** Drops the Host-from-:authority and other extension fields Netty's HTTP/2 conversion adds. */
    void stripStreamHeaders(HttpHeaders headers) {
        if (stream()) {
            headers.remove(HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text());
            headers.remove(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text());
            headers.remove(HttpConversionUtil.ExtensionHeaderNames.PATH.text());
            headers.remove(HttpConversionUtil.ExtensionHeaderNames.STREAM_DEPENDENCY_ID.text());
            headers.remove(HttpConversionUtil.ExtensionHeaderNames.STREAM_WEIGHT.text());
        }
    }

    /** The sticky cookie on a response from a backend other than the one the cookie named. */
    void stickTo(Exchange e, HttpResponse r) {
        frontend.settings().stickyCookie().ifPresent(name -> {
            String b = e.backend().name();
            if (!b.equals(e.cookieBackend())) {
                DefaultCookie c = new DefaultCookie(name, b);
                c.setPath("/");
                c.setHttpOnly(true);
                r.headers().add(HttpHeaderNames.SET_COOKIE, ServerCookieEncoder.LAX.encode(c));
            }
        });
    }

    /** This hop's Connection field: HTTP/1.1 keeps alive unless told, HTTP/1.0 closes unless told. */
    void connectionHeader(HttpResponse r, boolean http10, boolean close) {
        if (stream()) {
            return;
        }
        if (close) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (http10) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    /** A response of ours: the status and a line of text naming the backend and the reason. */
    void writeError(int status, String message, boolean close) {
        byte[] text = (status + " " + message + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuf body = Unpooled.wrappedBuffer(text);
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                body);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, text.length);
        if (close && !stream()) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ch.write(r, ch.voidPromise());
    }

    /** Called once per exchange, when it is over for the client. */
    void exchangeEnded(Exchange e, boolean close) {
        if (e != ex) {
            return;
        }
        ex = null;
        requests++;
        if (parent != null) {
            parent.requests++;
        }
        if (closing) {
            return;
        }
        if (stream()) {
            if (requestOpen && !wholeRequest) {
                // answered before the request's body was in: the rest is refused without error (RFC 9113 8.1),
                // else the stream would wait half-open for a body nobody reads
                closing = true;
                ch.write(new DefaultHttp2ResetFrame(Http2Error.NO_ERROR), ch.voidPromise());
                ch.flush();
                ch.close();
                return;
            }
            ch.flush();
            return;
        }
        if (close && !requestOpen && decoder.nothingBuffered()) {
            // the client asked for the close and sent nothing more: no input can be unread, so no RST can
            // destroy the response, and the FIN goes out with its last bytes
            closing = true;
            HalfClose.coalesceWithFin(ch);
            ch.flush();
            ch.close();
            return;
        }
        if (close) {
            closeAfterWrites();
            return;
        }
        ch.flush();
        pauseReads(false);
        deadlineIn(frontend.settings().idleTimeoutMs());
        if (!requestOpen) {
            nextRequest();
        }
        // else: the rest of this request's body is read and dropped first (content), then the next request
    }

    /**
     * Decodes the next request, unless the answers written so far still wait in a full write queue: a client that
     * pipelines and reads nothing would otherwise have every answer buffered here (taken up again when writable).
     */
    private void nextRequest() {
        if (closing || stream()) {
            return;
        }
        if (!ch.isWritable()) {
            nextWhenWritable = true;
            return;
        }
        nextWhenWritable = false;
        deadline.exchangeEnded();
        decoder.resume();
    }

    /** FIN after what is written, then what the client still sends is dropped (an HTTP/2 stream just ends). */
    private void closeAfterWrites() {
        closing = true;
        if (stream()) {
            ch.flush();
        } else {
            deadline.lingeringClose();
        }
    }

    /** A response broken off mid-body: the client must see the connection end (an HTTP/2 stream gets RST_STREAM). */
    void abortConnection() {
        closing = true;
        ch.close();
    }
}
