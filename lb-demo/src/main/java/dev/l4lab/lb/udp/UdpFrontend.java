package dev.l4lab.lb.udp;

import dev.l4lab.lb.frontend.BaseFrontend;
import dev.l4lab.lb.frontend.ConnectionsView;
import dev.l4lab.lb.frontend.Drop;
import dev.l4lab.lb.frontend.Protocol;
import dev.l4lab.lb.frontend.UdpSessionView;
import dev.l4lab.lb.pool.Backend;
import dev.l4lab.lb.pool.Pool;
import dev.l4lab.lb.vertx.VertxNetty;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.resolver.AddressResolver;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.spi.transport.Transport;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A UDP frontend with a conntrack-like session table keyed by client ip:port, on one event loop. Each session
 * owns an upstream socket, so backend replies map back to the client, and replies leave from this frontend's own
 * socket. Sessions expire after session-timeout without traffic in either direction.
 *
 * <p>Sessions that exist come first: a datagram from a new client is dropped (and counted) when the table holds
 * max-sessions or when new sessions arrive faster than new-sessions-per-second, so a flood of new source addresses
 * costs a map lookup each and evicts nobody. Memory and descriptors stay bounded by max-sessions (one socket each).
 */
public final class UdpFrontend extends BaseFrontend {

    private static final Logger LOG = Logger.getLogger(UdpFrontend.class);
    private static final RecvByteBufAllocator WHOLE_DATAGRAMS =
            new FixedRecvByteBufAllocator(UdpSettings.MAX_DATAGRAM).maxMessagesPerRead(UdpSettings.READS_PER_WAKEUP);

    private final Vertx vertx;
    private final UdpSettings settings;
    private final SessionRate newSessions;
    private final Map<InetSocketAddress, UdpSession> sessions = new ConcurrentHashMap<>();
    private Transport transport;
    private EventLoop loop;
    private AddressResolver<InetSocketAddress> resolver;
    private DatagramChannel socket;
    private ScheduledFuture<?> sweep;
    private long pendingBytes;

    public UdpFrontend(Vertx vertx, String name, String bindHost, int port, Pool pool, UdpSettings settings) {
        super(name, bindHost, port, pool, settings.maxSessions());
        this.vertx = vertx;
        this.settings = settings;
        this.newSessions = new SessionRate(settings.newSessionsPerSecond());
    }

    @Override
    public Future<Void> start() {
        Promise<Void> started = Promise.promise();
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> {
            loop = VertxNetty.eventLoop(context);
            transport = VertxNetty.transport(vertx);
            resolver = VertxNetty.resolvers(vertx).getResolver(loop);
            try {
                socket = newSocket(family(bindHost()));
                socket.config().setOption(ChannelOption.SO_RCVBUF, UdpSettings.FRONTEND_RECEIVE_BUFFER);
                socket.pipeline().addLast("clients", new Datagrams(this::onClient, this::socketError));
                ChannelFuture bound = loop.register(socket);
                if (bound.isSuccess()) {
                    bound = socket.bind(new InetSocketAddress(bindHost(), configuredPort()));
                }
                if (!bound.isSuccess()) {
                    socket.close();
                    started.fail(cannotListen(bound.cause()));
                    return;
                }
            } catch (ChannelException e) {
                started.fail(cannotListen(e));
                return;
            }
            bound(socket.localAddress().getPort());
            stats().kernelDrops(KernelDrops.of(socket));
            long every = settings.sweepIntervalMs();
            sweep = loop.scheduleAtFixedRate(this::sweep, every, every, TimeUnit.MILLISECONDS);
            started.complete();
        });
        return started.future();
    }

    @Override
    public Future<Void> stop() {
        if (loop == null) {
            return Future.succeededFuture();
        }
        Promise<Void> done = Promise.promise();
        loop.execute(() -> {
            if (sweep != null) {
                sweep.cancel(false);
            }
            List.copyOf(sessions.values()).forEach(UdpSession::expire);
            bound(-1);
            if (socket == null) {
                done.complete();
            } else {
                socket.close().addListener(f -> done.complete());
            }
        });
        return done.future();
    }

    private static InternetProtocolFamily family(String host) {
        return host.contains(":") ? InternetProtocolFamily.IPv6 : InternetProtocolFamily.IPv4;
    }

    /** A datagram socket on this frontend's loop, reading whole datagrams; registered, not bound. */
    private DatagramChannel newSocket(InternetProtocolFamily family) {
        DatagramChannel ch = transport.datagramChannel(family);
        ch.config().setRecvByteBufAllocator(WHOLE_DATAGRAMS);
        return ch;
    }

    private void onClient(DatagramPacket packet) {
        InetSocketAddress from = packet.sender();
        UdpSession session = sessions.get(from);
        if (session != null && session.pinnedBackendGone()) {
            // its backend was removed or died: re-pin this client instead of blackholing it until the session expires
            session.expire();
            session = null;
        }
        if (session == null) {
            session = open(from);
            if (session == null) {
                packet.release();
                return;
            }
        }
        session.fromClient(packet.content());
    }

    /** A new session for this client, or null (counted) when the table, the rate, the pool or the kernel refuse. */
    private UdpSession open(InetSocketAddress client) {
        if (sessions.size() >= settings.maxSessions()) {
            stats().drop(Drop.LIMIT);
            return null;
        }
        if (!newSessions.tryAcquire()) {
            stats().drop(Drop.SESSION_RATE);
            return null;
        }
        Backend pinned = null;
        if (!settings.perPacket()) {
            pinned = pool().acquire(client.getAddress().getHostAddress(), Set.of()).orElse(null);
            if (pinned == null) {
                stats().drop(Drop.NO_BACKEND);
                return null;
            }
        }
        Backend familyOf = pinned != null ? pinned : pool().backends().stream().findFirst().orElse(null);
        DatagramChannel upstream = null;
        try {
            upstream = newSocket(familyOf == null ? InternetProtocolFamily.IPv4 : family(familyOf.address().host()));
            ChannelFuture bound = loop.register(upstream);
            if (bound.isSuccess()) {
                bound = upstream.bind(new InetSocketAddress(0)); // on this loop: completes inline
            }
            if (!bound.isSuccess()) {
                throw new ChannelException(bound.cause());
            }
        } catch (ChannelException e) {
            // out of descriptors, most likely: this client is refused, the others go on
            if (upstream != null) {
                upstream.close();
            }
            if (pinned != null) {
                pinned.release();
            }
            stats().drop(Drop.SOCKET_ERROR);
            LOG.debugf("%s: no upstream socket for %s: %s", name(), client, e.getMessage());
            return null;
        }
        UdpSession session = new UdpSession(this, client, pinned, upstream);
        sessions.put(client, session);
        stats().active.incrementAndGet();
        stats().total.incrementAndGet();
        return session;
    }

    void socketError(Throwable cause) {
        stats().drop(Drop.SOCKET_ERROR);
        LOG.debugf("%s: %s", name(), cause.getMessage());
    }

    /** A reply leaves from the frontend's own address, so the client sees it come from where it sent. */
    void toClient(DatagramPacket reply) {
        socket.writeAndFlush(reply, socket.voidPromise());
    }

    io.netty.util.concurrent.Future<InetSocketAddress> resolve(Backend b) {
        return resolver.resolve(InetSocketAddress.createUnresolved(b.address().host(), b.address().port()));
    }

    /** Room for {@code n} more held bytes in this frontend's share; false: drop the datagram. */
    boolean reservePending(int n) {
        if (pendingBytes + n > UdpSettings.PENDING_BYTES_PER_FRONTEND) {
            return false;
        }
        pendingBytes += n;
        return true;
    }

    void releasePending(int n) {
        pendingBytes -= n;
    }

    void ended(UdpSession s) {
        if (sessions.remove(s.client(), s)) {
            stats().active.decrementAndGet();
        }
    }

    private void sweep() {
        long now = System.currentTimeMillis();
        for (UdpSession s : sessions.values()) {
            if (s.idleSince(now, settings.sessionTimeoutMs())) {
                stats().idleClosed.incrementAndGet();
                s.expire();
            }
        }
    }

    @Override
    public ConnectionsView connections() {
        List<UdpSessionView> out = new ArrayList<>(sessions.size());
        sessions.values().forEach(s -> out.add(s.view()));
        return ConnectionsView.udp(out);
    }

    @Override
    public Protocol protocol() {
        return Protocol.UDP;
    }
}
