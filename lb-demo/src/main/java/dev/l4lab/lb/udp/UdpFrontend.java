package dev.l4lab.lb.udp;

import dev.l4lab.lb.frontend.BaseFrontend;
import dev.l4lab.lb.pool.Backend;
import dev.l4lab.lb.pool.BackendState;
import dev.l4lab.lb.pool.Pool;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * A UDP frontend with a conntrack-like session table keyed by client ip:port. Each session owns an
 * upstream socket, so backend replies map back to the client, and replies leave from this frontend's
 * own socket. Sessions expire after session-timeout without traffic in either direction.
 *
 * <p>When the table holds max-sessions entries, datagrams from new clients are dropped and counted
 * (rejectedAtLimit) while existing sessions keep working: memory and file descriptors stay bounded by
 * max-sessions, and nobody's established flow is evicted by a flood of new source ports.
 */
public final class UdpFrontend extends BaseFrontend {

    private static final Logger LOG = Logger.getLogger(UdpFrontend.class);

    private final Vertx vertx;
    private final UdpSettings settings;
    private final Map<String, UdpSession> sessions = new ConcurrentHashMap<>();
    private DatagramSocket socket;
    private Context context;
    private long sweepTimer = -1;

    public UdpFrontend(Vertx vertx, String name, String bindHost, int port, Pool pool, UdpSettings settings) {
        super(name, bindHost, port, pool);
        this.vertx = vertx;
        this.settings = settings;
    }

    @Override
    public Future<Void> start() {
        Promise<Void> started = Promise.promise();
        context = vertx.getOrCreateContext();
        context.runOnContext(v -> {
            socket = vertx.createDatagramSocket(new DatagramSocketOptions().setReceiveBufferSize(1 << 20));
            socket.handler(this::fromClient);
            socket.listen(configuredPort(), bindHost()).onSuccess(s -> {
                bound(s.localAddress().port());
                sweepTimer = vertx.setPeriodic(settings.sweepIntervalMs(), t -> sweep());
                started.complete();
            }).onFailure(e -> started.fail(cannotListen(e)));
        });
        return started.future();
    }

    @Override
    public Future<Void> stop() {
        Promise<Void> done = Promise.promise();
        if (context == null) {
            return Future.succeededFuture();
        }
        context.runOnContext(v -> {
            vertx.cancelTimer(sweepTimer);
            sessions.values().forEach(this::expire);
            bound(-1);
            socket.close().onComplete(ar -> done.complete());
        });
        return done.future();
    }

    private void fromClient(DatagramPacket packet) {
        String host = packet.sender().hostAddress();
        int port = packet.sender().port();
        UdpSession session = sessions.get(UdpSession.key(host, port));
        if (session != null && session.backend != null && session.backend.state() == BackendState.DOWN) {
            // its backend died: re-pin this client instead of blackholing it until the session expires
            expire(session);
            session = null;
        }
        if (session == null) {
            session = newSession(host, port);
            if (session == null) {
                return;
            }
        }
        Buffer data = packet.data();
        session.lastActivityMillis = System.currentTimeMillis();
        session.packetsIn++;
        session.bytesIn += data.length();
        stats().bytesIn.add(data.length());
        Backend target = session.backend;
        if (target == null) {
            Optional<Backend> b = pool().choose(host, Set.of());
            if (b.isEmpty()) {
                stats().noBackend.incrementAndGet();
                return;
            }
            target = b.get();
            target.countRequest();
            session.lastBackend = target;
        }
        target.addBytesIn(data.length());
        session.sentTo.add(target);
        if (session.ready) {
            session.upstream.send(data, target.address().port(), target.address().host());
        } else if (session.pending.size() < UdpSettings.MAX_PENDING) {
            session.pending.add(data);
        }
    }

    private UdpSession newSession(String host, int port) {
        if (sessions.size() >= settings.maxSessions()) {
            stats().rejectedAtLimit.incrementAndGet();
            return null;
        }
        Backend pinned = null;
        if (!settings.perPacket()) {
            Optional<Backend> b = pool().acquire(host, Set.of());
            if (b.isEmpty()) {
                stats().noBackend.incrementAndGet();
                return null;
            }
            pinned = b.get();
        }
        UdpSession session = new UdpSession(host, port, pinned);
        sessions.put(session.key(), session);
        stats().active.incrementAndGet();
        stats().total.incrementAndGet();
        DatagramSocket upstream = vertx.createDatagramSocket();
        session.upstream = upstream;
        upstream.handler(reply -> fromBackend(session, reply));
        upstream.listen(0, "0.0.0.0").onSuccess(s -> {
            if (session.closed) {
                s.close();
                return;
            }
            session.upstreamPort = s.localAddress().port();
            session.ready = true;
            Buffer next;
            while ((next = session.pending.poll()) != null) {
                Backend target = session.lastBackend;
                s.send(next, target.address().port(), target.address().host());
            }
        }).onFailure(e -> {
            LOG.warnf("%s: cannot open an upstream socket for %s:%d: %s", name(), host, port, e.getMessage());
            expire(session);
        });
        return session;
    }

    /**
     * Like a NAT, a session's upstream port only relays datagrams from a backend the session sent to: the
     * source must be that backend's ip:port. Backends are names, so the first datagram from a new source is
     * checked by resolving the backend through Vert.x's (cached, asynchronous) resolver; a good source is
     * remembered for the session. Anything else is dropped and counted in foreignDropped.
     */
    private void fromBackend(UdpSession session, DatagramPacket reply) {
        if (session.closed) {
            return;
        }
        SocketAddress from = reply.sender();
        String source = from.hostAddress() + ":" + from.port();
        if (session.trustedSources.contains(source)) {
            relayToClient(session, reply);
            return;
        }
        List<Future<Boolean>> checks = new ArrayList<>(1);
        for (Backend b : session.sentTo) {
            if (b.address().port() == from.port()) {
                // a context promise: the answer is handled back on this frontend's event loop
                Promise<InetAddress> resolved = ((ContextInternal) context).promise();
                ((VertxInternal) vertx).resolveAddress(b.address().host(), resolved);
                checks.add(resolved.future().map(ip -> ip.getHostAddress().equals(from.hostAddress())).otherwise(false));
            }
        }
        if (checks.isEmpty()) {
            dropForeign(session, source);
            return;
        }
        Future.all(checks).onComplete(ar -> {
            if (checks.stream().anyMatch(c -> Boolean.TRUE.equals(c.result()))) {
                session.trustedSources.add(source);
                if (!session.closed) {
                    relayToClient(session, reply);
                }
            } else {
                dropForeign(session, source);
            }
        });
    }

    private void dropForeign(UdpSession session, String source) {
        stats().foreignDropped.incrementAndGet();
        LOG.debugf("%s: dropped a datagram from %s on %s's upstream socket (not its backend)", name(), source,
                session.key());
    }

    private void relayToClient(UdpSession session, DatagramPacket reply) {
        Buffer data = reply.data();
        session.lastActivityMillis = System.currentTimeMillis();
        session.packetsOut++;
        session.bytesOut += data.length();
        stats().bytesOut.add(data.length());
        Backend b = session.lastBackend;
        if (b != null) {
            b.addBytesOut(data.length());
        }
        socket.send(data, session.clientPort, session.clientHost);
    }

    private void sweep() {
        long now = System.currentTimeMillis();
        for (UdpSession s : sessions.values()) {
            if (now - s.lastActivityMillis >= settings.sessionTimeoutMs()) {
                stats().idleClosed.incrementAndGet();
                expire(s);
            }
        }
    }

    private void expire(UdpSession s) {
        if (s.closed) {
            return;
        }
        s.closed = true;
        if (sessions.remove(s.key(), s)) {
            stats().active.decrementAndGet();
        }
        if (s.backend != null) {
            s.backend.release();
        }
        if (s.upstream != null) {
            s.upstream.close();
        }
    }

    public List<UdpSessionView> sessions() {
        List<UdpSessionView> out = new ArrayList<>(sessions.size());
        sessions.values().forEach(s -> out.add(s.view(name())));
        return out;
    }

    public UdpSettings settings() {
        return settings;
    }

    @Override
    public String protocol() {
        return "udp";
    }
}
