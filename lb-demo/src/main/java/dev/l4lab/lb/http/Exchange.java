package dev.l4lab.lb.http;

import dev.l4lab.lb.frontend.Drop;
import dev.l4lab.lb.net.ConnectFailure;
import dev.l4lab.lb.pool.Backend;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * One proxied request: picks its backend (sticky cookie first, then the pool's algorithm keyed by the client IP),
 * gets a pooled or new backend connection, and forwards the request and the response piece by piece as they
 * arrive, never aggregating a body: each direction stops reading its source while the destination's write queue
 * is full. A failed connect is retried on another backend for idempotent methods (RFC 9110 9.2.2); a request that
 * found its kept-alive connection closed is sent again on a new one if it has no body. Event-loop confined.
 */
final class Exchange {

    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

    private final ClientConnection client;
    private final HttpFrontend frontend;
    private final HttpRequest request;
    private final boolean idempotent;
    private final boolean head;
    private final boolean clientKeepAlive;
    private final boolean http10;
    private final boolean requestHasBody;
    private final String cookieBackend;
    final long startNanos = System.nanoTime();
    /** Request body pieces read while the backend connection is being set up (reading pauses meanwhile). */
    private final ArrayDeque<HttpContent> held = new ArrayDeque<>(2);
    private Set<Backend> tried;
    private int attempts;
    private Backend backend;
    private BackendConnection conn;
    private boolean holdsRequestSlot;
    private boolean requestBodySeen;
    private boolean requestDone;
    private boolean responseStarted;
    private boolean finished;
    private boolean closeClientAfter;
    /** Sent again on a new connection: the request's (empty) end went with the first attempt. */
    private boolean replaying;
    private int status;
    long lastBackendActivityNanos;
    long lastClientProgressNanos;
    long requestBytes;
    long responseBytes;

    Exchange(ClientConnection client, HttpRequest request, String clientIp) {
        this.client = client;
        this.frontend = client.frontend();
        this.lastBackendActivityNanos = startNanos; // the connect's own timeout runs within this one
        this.request = request;
        HttpMethod m = request.method();
        this.idempotent = IDEMPOTENT.contains(m);
        this.head = m == HttpMethod.HEAD;
        this.http10 = request.protocolVersion() == HttpVersion.HTTP_1_0;
        this.clientKeepAlive = HttpUtil.isKeepAlive(request);
        this.cookieBackend = frontend.settings().stickyCookie().map(this::cookie).orElse(null);
        boolean chunked = HttpUtil.isTransferEncodingChunked(request);
        this.requestHasBody = chunked || HttpUtil.getContentLength(request, 0L) > 0;
        HopByHop.strip(request.headers());
        client.stripStreamHeaders(request.headers());
        if (chunked) {
            request.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        String host = request.headers().get(HttpHeaderNames.HOST);
        ForwardedHeaders.apply(request.headers(), clientIp, "http", host);
    }

    private String cookie(String name) {
        String header = request.headers().get(HttpHeaderNames.COOKIE);
        if (header == null) {
            return null;
        }
        return ServerCookieDecoder.LAX.decode(header).stream().filter(c -> c.name().equals(name))
                .map(c -> c.value()).findFirst().orElse(null);
    }

    String cookieBackend() {
        return cookieBackend;
    }

    /** For the connection table: where the exchange is. */
    String state() {
        if (!responseStarted) {
            return conn == null ? "connecting" : requestDone ? "waiting-response" : "sending-request";
        }
        return "sending-response";
    }

    /** The backend's reads are paused because the client does not take the response. */
    boolean waitingForClient() {
        return conn != null && conn.readsPaused();
    }

    Backend backend() {
        return backend;
    }

    boolean finished() {
        return finished;
    }

    void start() {
        frontend.stats().total.incrementAndGet();
        admit(frontend.loops());
    }

    /** Into the frontend's budget, or 503; sheds: how many more times other loops may close idle connections first. */
    private void admit(int sheds) {
        if (finished) {
            return;
        }
        if (!frontend.admitRequest(client.backends())) {
            if (sheds > 0 && frontend.shedIdleElsewhere(client.backends(), () -> admit(sheds - 1))) {
                client.pauseReads(true);
                return;
            }
            fail(ProxyError.backendConnections(frontend.name(), frontend.settings().maxConnections()));
            return;
        }
        holdsRequestSlot = true;
        dispatch(null);
    }

    private void dispatch(ProxyError last) {
        Optional<Backend> picked = attempts == 0 ? sticky() : Optional.empty();
        if (picked.isEmpty()) {
            picked = frontend.pool().acquire(client.clientIp(), tried == null ? Set.of() : tried);
        }
        if (picked.isEmpty()) {
            fail(last != null ? last : ProxyError.noBackend(frontend.pool().name()));
            return;
        }
        backend = picked.get();
        attempts++;
        BackendConnection pooled = client.backends().idle(backend);
        if (pooled != null) {
            connected(pooled);
        } else {
            client.pauseReads(true);
            client.backends().connect(backend, this);
        }
    }

    /** The backend named by the sticky cookie, if it is in this pool and may take the request; never trusted further. */
    private Optional<Backend> sticky() {
        if (cookieBackend == null) {
            return Optional.empty();
        }
        return frontend.pool().backend(cookieBackend)
                .filter(Backend::eligible)
                .filter(b -> b.tryAcquire(frontend.pool().maxConnectionsPerBackend()));
    }

    /** The backend connection is ready (pooled or just connected): the request goes out. */
    void connected(BackendConnection c) {
        if (finished) {
            client.backends().release(c, true);
            return;
        }
        conn = c;
        c.serve(this);
        lastBackendActivityNanos = System.nanoTime();
        c.write(request);
        for (HttpContent piece; (piece = held.poll()) != null; ) {
            c.write(piece);
        }
        if (replaying) {
            c.write(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        c.flush();
        client.pauseReads(!c.writable());
    }

    void connectFailed(Backend b, Throwable err) {
        if (finished) {
            return;
        }
        b.reportConnectFailure(frontend.pool().health().passiveFall(), ConnectFailure.classify(err));
        b.release();
        backend = null;
        if (tried == null) {
            tried = new HashSet<>(4);
        }
        tried.add(b);
        ProxyError failure = ProxyError.connectFailed(b.name(), err, attempts);
        if (idempotent && attempts <= frontend.settings().retries()) {
            dispatch(failure);
        } else {
            fail(failure);
        }
    }

    /** A piece of the request body from the client. */
    void requestContent(HttpContent piece) {
        boolean last = piece instanceof LastHttpContent;
        requestBytes += piece.content().readableBytes();
        if (piece.content().isReadable()) {
            requestBodySeen = true;
        }
        if (finished || responseDoneEarly()) {
            ReferenceCountUtil.release(piece);
        } else if (conn == null) {
            held.add(piece);
        } else {
            conn.write(piece);
            lastBackendActivityNanos = System.nanoTime();
            if (!conn.writable()) {
                client.pauseReads(true);
            }
        }
        if (last) {
            requestDone = true;
            lastBackendActivityNanos = System.nanoTime();
        }
    }

    /**
     * The request's body broke off in bad framing (Netty ends it with an empty last piece marked failed): the
     * backend must never see it end, so its connection is closed, and the client gets 400 (or, if a response had
     * started, sees its connection end).
     */
    void requestBroken(Throwable cause) {
        if (finished) {
            return;
        }
        dropConnection();
        if (responseStarted) {
            frontend.stats().drop(Drop.BAD_REQUEST);
            abort();
        } else {
            fail(ProxyError.badRequestBody(cause));
        }
    }

    private boolean responseDoneEarly() {
        return conn == null && responseStarted;
    }

    /** End of one read from the client: what was written to the backend goes out. */
    void flushToBackend() {
        if (conn != null) {
            conn.flush();
        }
    }

    void backendWritable(boolean writable) {
        if (!finished && !requestDone) {
            client.pauseReads(!writable);
        }
    }

    void clientWritable(boolean writable) {
        lastClientProgressNanos = System.nanoTime();
        if (conn != null) {
            conn.pauseReads(!writable);
        }
    }

    /** The response's head from the backend (1xx interim ones go on too, and the exchange waits for the final one). */
    void responseHead(HttpResponse r) {
        lastBackendActivityNanos = System.nanoTime();
        int code = r.status().code();
        if (r.decoderResult().isFailure()) {
            backendFailed(new ProxyError(502, "backend " + backend.name() + ": invalid response ("
                    + r.decoderResult().cause().getMessage() + ")"));
            return;
        }
        if (code == 101) {
            backendFailed(new ProxyError(502, "backend " + backend.name() + ": switched protocols although the "
                    + "request asked for no upgrade"));
            return;
        }
        boolean interim = code < 200;
        boolean backendKeepAlive = HttpUtil.isKeepAlive(r);
        boolean bodyless = head || interim || code == 204 || code == 304;
        boolean chunked = HttpUtil.isTransferEncodingChunked(r);
        boolean hasLength = HttpUtil.isContentLengthSet(r);
        HopByHop.strip(r.headers());
        r.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (!interim) {
            status = code;
            responseStarted = true;
            if (!backendKeepAlive) {
                conn.reusable(false);
            }
            // an HTTP/1.0 client cannot take chunks: a body of unknown length ends with the connection
            boolean unknownLength = !bodyless && !hasLength;
            closeClientAfter = !clientKeepAlive || (requestHasBody && !requestDone) || (unknownLength && http10);
            if (chunked && bodyless || unknownLength && !http10) {
                r.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
            client.stickTo(this, r);
            client.connectionHeader(r, http10, closeClientAfter);
            client.writeResponse(r);
            return;
        }
        // an interim answer goes on whole (HTTP/2 sends it as one HEADERS frame, and HTTP/1's encoder must see its
        // end before the final head); its own end from the backend is dropped in responseContent
        if (http10) {
            return; // RFC 9110 15.2: no 1xx to an HTTP/1.0 client
        }
        client.writeResponse(new DefaultFullHttpResponse(r.protocolVersion(), r.status(), Unpooled.EMPTY_BUFFER,
                r.headers(), EmptyHttpHeaders.INSTANCE));
        // backpressure as for a body: a full client write queue pauses the backend's reads (clientWritable)
    }

    /** A piece of the response body from the backend. */
    void responseContent(HttpContent piece) {
        lastBackendActivityNanos = System.nanoTime();
        if (!responseStarted) {
            // the end of an interim (1xx) response, already sent whole: the final one follows
            ReferenceCountUtil.release(piece);
            return;
        }
        responseBytes += piece.content().readableBytes();
        client.writeResponse(piece);
        if (piece instanceof LastHttpContent) {
            BackendConnection c = conn;
            conn = null;
            client.backends().release(c, requestDone);
            finish(closeClientAfter);
        } else if (!client.writable()) {
            lastClientProgressNanos = System.nanoTime();
            conn.pauseReads(true);
        }
    }

    /** End of one read from the backend: what was written to the client goes out. */
    void flushToClient() {
        client.flush();
    }

    /** The backend connection failed or closed before the response was complete. */
    void backendFailed(Throwable cause) {
        if (finished) {
            return;
        }
        BackendConnection c = conn;
        conn = null;
        if (c != null) {
            boolean stale = c.reused() && !c.answeredAnything();
            client.backends().release(c, false);
            if (stale && !responseStarted && idempotent && !requestBodySeen && requestDone) {
                // a kept-alive connection the backend had closed meanwhile: nothing was processed, send again
                replaying = true;
                client.pauseReads(true);
                client.backends().connect(backend, this);
                return;
            }
        }
        if (responseStarted) {
            abort();
            return;
        }
        fail(cause instanceof ProxyError pe ? pe
                : ProxyError.classify(cause, backend == null ? null : backend.name(), 0));
    }

    /**
     * From the loop's clock: no byte from the backend for request-timeout (HAProxy's timeout server) fails the
     * exchange; waiting for a client that does not read is not the backend's silence, that wait is the idle
     * timeout's.
     */
    void checkTimeouts(long now) {
        if (finished) {
            return;
        }
        if (waitingForClient()) {
            if (now - lastClientProgressNanos > frontend.settings().idleTimeoutMs() * 1_000_000L) {
                client.clientStalled();
            }
        } else if (now - lastBackendActivityNanos > frontend.settings().requestTimeoutMs() * 1_000_000L) {
            timedOut();
        }
    }

    /** No byte from the backend for request-timeout. */
    private void timedOut() {
        if (finished) {
            return;
        }
        dropConnection();
        if (responseStarted) {
            abort();
        } else {
            String who = backend == null ? "backend" : "backend " + backend.name();
            fail(new ProxyError(504, who + ": no response within " + frontend.settings().requestTimeoutMs() + " ms"));
        }
    }

    /** The client went away: the backend connection cannot be reused (its response is unread). */
    void clientGone() {
        if (finished) {
            return;
        }
        dropConnection();
        if (!responseStarted) {
            status = 0;
        }
        finish(true);
    }

    /** The backend connection is closed, not pooled: its exchange did not end cleanly. */
    private void dropConnection() {
        BackendConnection c = conn;
        conn = null;
        if (c != null) {
            client.backends().release(c, false);
        }
    }

    /** No response came: the client gets one from us, naming the reason. */
    private void fail(ProxyError e) {
        if (e.drop() != null) {
            frontend.stats().drop(e.drop());
        }
        status = e.status();
        boolean close = !clientKeepAlive || (requestHasBody && !requestDone);
        client.writeError(e.status(), e.getMessage(), close);
        finish(close);
    }

    /** The response broke off after its head went out: the client can only learn it from the closed connection. */
    private void abort() {
        finish(true);
        client.abortConnection();
    }

    private void finish(boolean closeClient) {
        if (finished) {
            return;
        }
        finished = true;
        for (HttpContent piece; (piece = held.poll()) != null; ) {
            ReferenceCountUtil.release(piece);
        }
        if (holdsRequestSlot) {
            frontend.requestEnded();
        }
        // the bytes on the client's socket since the last exchange (heads included); an h2c stream: its bodies
        long in = client.wireBytesIn(requestBytes);
        long out = client.wireBytesOut(responseBytes);
        String name = "none";
        if (backend != null) {
            name = backend.name();
            backend.release();
            backend.addBytesIn(in);
            backend.addBytesOut(out);
        }
        frontend.stats().bytesIn.add(in);
        frontend.stats().bytesOut.add(out);
        // status 0: the client went away before a response was written; counted as 499 like nginx.
        frontend.metrics().record(name, status == 0 ? 499 : status, System.nanoTime() - startNanos);
        client.exchangeEnded(this, closeClient);
    }
}
