package dev.l4lab.lb.health;

import dev.l4lab.lb.pool.Backend;
import dev.l4lab.lb.pool.BackendState;
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
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Active checks on the event loop: every interval, one check per backend (TCP connect with optional
 * send/expect, or a UDP echo). Results feed {@link Backend#reportCheck}. Host names are resolved by
 * Vert.x's async resolver on each check, so a name that does not resolve counts as a failed check.
 */
public final class HealthChecker implements PoolListener {

    private static final Logger LOG = Logger.getLogger(HealthChecker.class);
    private static final int MAX_EXPECT_BYTES = 4096;

    private final Vertx vertx;
    private final NetClient client;
    private final Map<Backend, Long> timers = new ConcurrentHashMap<>();

    public HealthChecker(Vertx vertx) {
        this.vertx = vertx;
        this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(10_000).setTcpQuickAck(true));
    }

    /** Starts checking every backend of the pool, and the ones added later. */
    public void watch(Pool pool) {
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
        Long id = timers.remove(backend);
        if (id != null) {
            vertx.cancelTimer(id);
        }
    }

    public void stop() {
        timers.values().forEach(vertx::cancelTimer);
        timers.clear();
        client.close();
    }

    private void check(Pool pool, Backend backend) {
        HealthPolicy p = pool.health();
        Future<String> result = p.type() == HealthPolicy.CheckType.UDP ? udpCheck(backend, p) : tcpCheck(backend, p);
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

    private Future<String> tcpCheck(Backend backend, HealthPolicy p) {
        Promise<String> promise = Promise.promise();
        long timeoutMs = Math.max(1, p.timeout().toMillis());
        NetSocket[] socket = new NetSocket[1];
        long timer = vertx.setTimer(timeoutMs, t -> {
            if (promise.tryFail("timeout after " + timeoutMs + " ms") && socket[0] != null) {
                socket[0].close();
            }
        });
        client.connect(checkPort(backend, p), backend.address().host()).onComplete(ar -> {
            if (ar.failed()) {
                vertx.cancelTimer(timer);
                promise.tryFail("connect: " + ar.cause().getMessage());
                return;
            }
            NetSocket s = ar.result();
            socket[0] = s;
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
            });
        });
        return promise.future();
    }

    private Future<String> udpCheck(Backend backend, HealthPolicy p) {
        Promise<String> promise = Promise.promise();
        long timeoutMs = Math.max(1, p.timeout().toMillis());
        String payload = p.send().orElse("l4lab-health");
        DatagramSocket socket = vertx.createDatagramSocket();
        long timer = vertx.setTimer(timeoutMs, t -> promise.tryFail("no UDP reply within " + timeoutMs + " ms"));
        promise.future().onComplete(ar -> {
            vertx.cancelTimer(timer);
            socket.close();
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
