package dev.l4lab.lb.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * The L7 hop around each proxied request: adds the forwarding headers, turns failures into 502/503/504 with
 * a short text body, sets the sticky cookie, and counts the request per backend when the response is done.
 */
final class ExchangeInterceptor implements ProxyInterceptor {

    private final HttpFrontend frontend;

    ExchangeInterceptor(HttpFrontend frontend) {
        this.frontend = frontend;
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext ctx) {
        HttpServerRequest req = ctx.request().proxiedRequest();
        Exchange ex = new Exchange();
        ctx.set(Exchange.KEY, ex);
        frontend.stats().total.incrementAndGet();
        frontend.settings().stickyCookie().ifPresent(name -> {
            Cookie c = req.getCookie(name);
            ex.cookieBackend = c == null ? null : c.getValue();
        });
        // The response may never reach handleProxyResponse (client gone): free the backend slot anyway.
        req.response().closeHandler(v -> finish(ex, req, 0));
        HostAndPort authority = req.authority();
        // Like HAProxy, pass the client's Host on unchanged (the proxy library would put the backend's address).
        if (authority != null) {
            ctx.request().setAuthority(authority);
        }
        ForwardedHeaders.apply(ctx.request().headers(), req.remoteAddress().hostAddress(), "http",
                authority == null ? null : authority.toString());
        return ctx.sendRequest().recover(err -> {
            ProxyError e = ProxyError.classify(err, ex.backend == null ? null : ex.backend.name(),
                    frontend.settings().requestTimeoutMs());
            if (e.drop() != null) {
                frontend.stats().drop(e.drop());
            }
            ProxyResponse r = ctx.request().release().response()
                    .setStatusCode(e.status())
                    .putHeader("content-type", "text/plain; charset=utf-8")
                    .setBody(Body.body(Buffer.buffer(e.status() + " " + e.getMessage() + "\n")));
            return Future.succeededFuture(r);
        });
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext ctx) {
        Exchange ex = ctx.get(Exchange.KEY, Exchange.class);
        ProxyResponse r = ctx.response();
        HttpServerRequest req = ctx.request().proxiedRequest();
        if (ex.backend != null && frontend.settings().stickyCookie().isPresent()
                && !ex.backend.name().equals(ex.cookieBackend)) {
            r.headers().add("set-cookie", Cookie.cookie(frontend.settings().stickyCookie().get(), ex.backend.name())
                    .setPath("/").setHttpOnly(true).encode());
        }
        int status = r.getStatusCode();
        return ctx.sendResponse().andThen(ar -> finish(ex, req, status));
    }

    private void finish(Exchange ex, HttpServerRequest req, int status) {
        String backend = ex.backend == null ? "none" : ex.backend.name();
        if (!ex.finish()) {
            return;
        }
        if (ex.holdsRequestSlot) {
            frontend.requestEnded();
        }
        long bytesIn = req.bytesRead();
        long bytesOut = req.response().bytesWritten();
        frontend.stats().bytesIn.add(bytesIn);
        frontend.stats().bytesOut.add(bytesOut);
        if (ex.backend != null) {
            ex.backend.addBytesIn(bytesIn);
            ex.backend.addBytesOut(bytesOut);
        }
        // status 0: the client went away before a response was written; counted as 499 like nginx.
        frontend.metrics().record(backend, status == 0 ? 499 : status, System.nanoTime() - ex.startNanos);
    }
}
