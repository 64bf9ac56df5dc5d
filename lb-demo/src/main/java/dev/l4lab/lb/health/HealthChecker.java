package dev.l4lab.lb.health;

import dev.l4lab.lb.net.ConnectFailure;
import dev.l4lab.lb.pool.Backend;
import dev.l4lab.lb.pool.BackendState;
import dev.l4lab.lb.pool.HealthPolicy;
import dev.l4lab.lb.pool.Pool;
import dev.l4lab.lb.pool.PoolListener;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Active checks on the event loop: every interval, one check per backend (TCP connect with optional
 * send/expect, or a UDP echo). Results feed {@link Backend#reportCheck}. Host names are resolved by
 * Vert.x's async resolver on each check, so a name that does not resolve counts as a failed check.
 * A backend has at most one check in flight (its socket closed before the next starts), so checks hold at most
 * one descriptor per backend: the descriptor budget reserves them.
 */
public final class HealthChecker implements PoolListener {

    private static final Logger LOG = Logger.getLogger(HealthChecker.class);
    private static final int MAX_EXPECT_BYTES = 4096;

    private final Vertx vertx;
    private final Map<Pool, NetClient> clients = new ConcurrentHashMap<>();
    private final Map<Backend, Long> timers = new ConcurrentHashMap<>();
    private final Set<Backend> checking = ConcurrentHashMap.newKeySet();

    public HealthChecker(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Starts checking every backend of the pool, and the ones added later. */
    public void watch(Pool pool) {
        // the connect attempt itself ends by the check's timeout, so no socket outlives its check
        int timeoutMs = (int) Math.max(1, pool.health().timeout().toMillis());
        clients.put(pool, vertx.createNetClient(new NetClientOptions().setConnectTimeout(timeoutMs).setTcpQuickAck(true)));
        pool.addListener(this);
        pool.backends().forEach(b -> backendAdded(pool, b));
    }

    @Override
    public void backendAdded(Pool pool, Backend backend) {
        HealthPolicy policy = pool.health();
        if (policy.type() == HealthPolicy.CheckType.NONE) {
            return;
        }
        long interval = Math.max(10, policy.interval().toMillis());
        long id = vertx.setPeriodic(interval, t -> check(pool, backend));
        timers.put(backend, id);
    }

    @Override
    public void backendRemoved(Pool pool, Backend backend) {
        checking.remove(backend);
        Long id = timers.remove(backend);
        if (id != null) {
            vertx.cancelTimer(id);
        }
    }

    public void stop() {
        timers.values().forEach(vertx::cancelTimer);
        timers.clear();
        clients.values().forEach(NetClient::close);
    }

    private void check(Pool pool, Backend backend) {
        if (!checking.add(backend)) {
            return; // the last check has not finished: skip this interval
        }
        HealthPolicy p = pool.health();
        Runnable finished = () -> checking.remove(backend);
        Future<String> result;
        try {
            result = p.type() == HealthPolicy.CheckType.UDP ? udpCheck(backend, p, finished)
                    : tcpCheck(clients.get(pool), backend, p, finished);
        } catch (RuntimeException e) {
            // no socket (out of descriptors) or an address Vert.x refuses: a failed check, and the next one runs
            finished.run();
            result = Future.failedFuture(ConnectFailure.summary(e));
        }
        result.onComplete(ar -> {
            BackendState before = backend.state();
            backend.reportCheck(ar.succeeded(), p.rise(), p.fall(),
                    ar.succeeded() ? ar.result() : String.valueOf(ar.cause().getMessage()));
            if (before != backend.state()) {
                LOG.infof("pool %s backend %s is now %s (%s)", pool.name(), backend.name(), backend.state(),
                        backend.lastCheck());
            }
        });
    }

    private int checkPort(Backend b, HealthPolicy p) {
        return p.port() > 0 ? p.port() : b.address().port();
    }

    /** {@code finished} runs once the check's socket is closed (or never opened). */
    private Future<String> tcpCheck(NetClient client, Backend backend, HealthPolicy p, Runnable finished) {
        Promise<String> promise = Promise.promise();
        long timeoutMs = Math.max(1, p.timeout().toMillis());
        NetSocket[] socket = new NetSocket[1];
        long timer = vertx.setTimer(timeoutMs, t -> {
            // before the connect completed it is a connect timeout (the same word as a probe's dropped SYN)
            String what = socket[0] == null ? "connect timeout: no answer" : "timeout: the check did not end";
            if (promise.tryFail(what + " within " + timeoutMs + " ms") && socket[0] != null) {
                socket[0].close();
            }
        });
        client.connect(checkPort(backend, p), backend.address().host()).onComplete(ar -> {
            if (ar.failed()) {
                vertx.cancelTimer(timer);
                promise.tryFail(ConnectFailure.summary(ar.cause()));
                finished.run();
                return;
            }
            NetSocket s = ar.result();
            socket[0] = s;
            s.closeHandler(v -> {
                vertx.cancelTimer(timer);
                promise.tryFail("closed before the check ended");
                finished.run();
            });
            if (promise.future().isComplete()) {
                s.close();
                return;
            }
            p.send().ifPresent(data -> s.write(data));
            if (p.expect().isEmpty()) {
                vertx.cancelTimer(timer);
                promise.tryComplete("connect ok");
                s.close();
                return;
            }
            String expect = p.expect().get();
            Buffer seen = Buffer.buffer();
            s.handler(buf -> {
                if (seen.length() < MAX_EXPECT_BYTES) {
                    seen.appendBuffer(buf);
                }
                if (seen.toString(StandardCharsets.UTF_8).contains(expect)) {
                    vertx.cancelTimer(timer);
                    promise.tryComplete("got '" + expect + "'");
                    s.close();
                } else if (seen.length() >= MAX_EXPECT_BYTES) {
                    vertx.cancelTimer(timer);
                    promise.tryFail("'" + expect + "' not in the first " + MAX_EXPECT_BYTES + " bytes");
                    s.close();
                }
            });
            s.closeHandler(v -> {
                vertx.cancelTimer(timer);
                promise.tryFail("closed before '" + expect + "'");
                finished.run();
            });
        });
        return promise.future();
    }

    private Future<String> udpCheck(Backend backend, HealthPolicy p, Runnable finished) {
        Promise<String> promise = Promise.promise();
        long timeoutMs = Math.max(1, p.timeout().toMillis());
        String payload = p.send().orElse("l4lab-health");
        DatagramSocket socket = vertx.createDatagramSocket();
        long timer = vertx.setTimer(timeoutMs, t -> promise.tryFail("no UDP reply within " + timeoutMs + " ms"));
        promise.future().onComplete(ar -> {
            vertx.cancelTimer(timer);
            socket.close().onComplete(c -> finished.run());
        });
        socket.handler(packet -> {
            String text = packet.data().toString(StandardCharsets.UTF_8);
            if (p.expect().isEmpty() || text.contains(p.expect().get())) {
                promise.tryComplete("udp reply");
            }
        });
        socket.exceptionHandler(e -> promise.tryFail("udp: " + e.getMessage()));
        socket.listen(0, "0.0.0.0").onComplete(l -> {
            if (l.failed()) {
                promise.tryFail("udp bind: " + l.cause().getMessage());
                return;
            }
            socket.send(Buffer.buffer(payload), checkPort(backend, p), backend.address().host())
                    .onFailure(e -> promise.tryFail("udp send: " + e.getMessage()));
        });
        return promise.future();
    }
}
