package dev.l4lab.lb.experiment;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives GET /whoami through one path, {@code requests} in total, stopping early at the deadline. HTTP/1.1:
 * {@code concurrency} keep-alive (or one-shot) connections, one request at a time each. h2c: {@code concurrency}
 * HTTP/2 connections with prior knowledge, one client (and pool) each so none opens a second one, each request
 * a stream, at most {@link #STREAMS_IN_FLIGHT_PER_CONNECTION} at once per connection.
 */
final class PathRun {

    static final int STREAMS_IN_FLIGHT_PER_CONNECTION = 16;
    private static final int REQUEST_TIMEOUT_MS = 5000;

    private final Vertx vertx;
    private final PathTarget target;
    private final ExperimentParams params;
    private final long deadlineNanos;
    private final Promise<PathResult> done = Promise.promise();
    private final Tally tally;
    private final List<HttpClient> clients = new ArrayList<>();
    private int issued;
    private int inFlight;

    PathRun(Vertx vertx, PathTarget target, ExperimentParams params, long deadlineNanos) {
        this.vertx = vertx;
        this.target = target;
        this.params = params;
        this.deadlineNanos = deadlineNanos;
        this.tally = new Tally(target);
    }

    Future<PathResult> run() {
        int workers;
        if (params.protocol() == Protocol.H2C) {
            for (int i = 0; i < params.concurrency(); i++) {
                clients.add(vertx.createHttpClient(new HttpClientOptions()
                                .setProtocolVersion(HttpVersion.HTTP_2)
                                .setHttp2ClearTextUpgrade(false)
                                .setHttp2MultiplexingLimit(STREAMS_IN_FLIGHT_PER_CONNECTION)
                                .setConnectTimeout(2000)
                                .setTcpNoDelay(true),
                        new PoolOptions().setHttp2MaxSize(1).setMaxWaitQueueSize(STREAMS_IN_FLIGHT_PER_CONNECTION)));
            }
            workers = Math.min(params.requests(), params.concurrency() * STREAMS_IN_FLIGHT_PER_CONNECTION);
        } else {
            clients.add(vertx.createHttpClient(new HttpClientOptions()
                            .setKeepAlive(params.keepAlive())
                            .setConnectTimeout(2000)
                            .setTcpNoDelay(true),
                    new PoolOptions().setHttp1MaxSize(params.concurrency())));
            workers = Math.min(params.concurrency(), params.requests());
        }
        for (int i = 0; i < workers; i++) {
            next(clients.get(i % clients.size()));
        }
        return done.future().andThen(r -> clients.forEach(HttpClient::close));
    }

    private void next(HttpClient client) {
        synchronized (this) {
            if (issued >= params.requests() || System.nanoTime() > deadlineNanos) {
                if (inFlight == 0) {
                    done.tryComplete(tally.result(params.requests()));
                }
                return;
            }
            issued++;
            inFlight++;
        }
        long start = System.nanoTime();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(target.host())
                .setPort(target.port()).setURI("/whoami").setIdleTimeout(REQUEST_TIMEOUT_MS)
                .setConnectTimeout(REQUEST_TIMEOUT_MS);
        client.request(options).compose(req -> {
            HttpConnection conn = req.connection();
            return req.send().compose(resp -> resp.body().map(body -> {
                if (resp.statusCode() != 200) {
                    throw new IllegalStateException("HTTP " + resp.statusCode());
                }
                if (params.protocol() == Protocol.H2C && resp.version() != HttpVersion.HTTP_2) {
                    throw new IllegalStateException("answered over " + resp.version() + ", not HTTP/2");
                }
                return new Tally.Sample(conn, body.toJsonObject(), System.nanoTime() - start);
            }));
        }).onComplete(ar -> {
            // Tallied before it stops counting as in flight, so the last answer is in the result.
            if (ar.succeeded()) {
                tally.record(ar.result());
            } else {
                tally.failed(ar.cause());
            }
            synchronized (this) {
                inFlight--;
            }
            next(client);
        });
    }
}
