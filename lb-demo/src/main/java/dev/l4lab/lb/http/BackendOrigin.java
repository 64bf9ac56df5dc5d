package dev.l4lab.lb.http;

import dev.l4lab.lb.net.ConnectFailure;
import dev.l4lab.lb.pool.Backend;
import dev.l4lab.lb.pool.Pool;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.httpproxy.OriginRequestProvider;
import io.vertx.httpproxy.ProxyContext;
import java.util.Optional;
import java.util.Set;

/**
 * Picks a backend per request (sticky cookie first, then the pool's algorithm keyed by the client IP) and
 * opens the backend request. A failed connect is retried on another backend, for idempotent methods only
 * (RFC 9110 9.2.2): a POST might have had effects even if we only saw the connect fail.
 */
final class BackendOrigin implements OriginRequestProvider {

    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);

    private final HttpFrontend frontend;
    private final Pool pool;
    private final HttpSettings settings;

    BackendOrigin(HttpFrontend frontend, HttpSettings settings) {
        this.frontend = frontend;
        this.pool = frontend.pool();
        this.settings = settings;
    }

    @Override
    public Future<HttpClientRequest> create(ProxyContext ctx) {
        Exchange ex = ctx.get(Exchange.KEY, Exchange.class);
        if (ex == null) {
            // Only ExchangeInterceptor creates requests here; anything else would leak a backend slot.
            return Future.failedFuture(new ProxyError(502, "request bypassed the L7 interceptor"));
        }
        if (!frontend.admitRequest()) {
            return Future.failedFuture(ProxyError.backendConnections(frontend.name(), settings.maxConnections()));
        }
        ex.holdsRequestSlot = true;
        HttpServerRequest req = ctx.request().proxiedRequest();
        boolean mayRetry = IDEMPOTENT.contains(req.method());
        return attempt(ctx, ex, req.remoteAddress().hostAddress(), mayRetry, null);
    }

    private Future<HttpClientRequest> attempt(ProxyContext ctx, Exchange ex, String clientIp, boolean mayRetry,
            ProxyError last) {
        Optional<Backend> picked = ex.attempts == 0 ? sticky(ex) : Optional.empty();
        if (picked.isEmpty()) {
            picked = pool.acquire(clientIp, ex.tried);
        }
        if (picked.isEmpty()) {
            return Future.failedFuture(last != null ? last : ProxyError.noBackend(pool.name()));
        }
        Backend b = picked.get();
        ex.holding(b);
        ex.attempts++;
        RequestOptions options = new RequestOptions()
                .setHost(b.address().host())
                .setPort(b.address().port())
                .setConnectTimeout(settings.connectTimeoutMs())
                .setIdleTimeout(settings.requestTimeoutMs());
        return ctx.client().request(options).compose(r -> {
            b.reportConnectSuccess();
            return Future.succeededFuture(r);
        }, err -> {
            b.reportConnectFailure(pool.health().passiveFall(), ConnectFailure.classify(err));
            ex.connectFailed(b);
            ProxyError failure = ProxyError.connectFailed(b.name(), err, ex.attempts);
            if (mayRetry && ex.attempts <= settings.retries()) {
                return attempt(ctx, ex, clientIp, true, failure);
            }
            return Future.failedFuture(failure);
        });
    }

    /** The backend the cookie names, if it is in this pool and may take the request; the value is never trusted further. */
    private Optional<Backend> sticky(Exchange ex) {
        if (ex.cookieBackend == null) {
            return Optional.empty();
        }
        return pool.backend(ex.cookieBackend)
                .filter(Backend::eligible)
                .filter(b -> b.tryAcquire(pool.maxConnectionsPerBackend()));
    }
}
