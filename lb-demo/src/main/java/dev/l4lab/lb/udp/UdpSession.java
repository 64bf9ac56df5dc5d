package dev.l4lab.lb.udp;

import dev.l4lab.lb.frontend.Drop;
import dev.l4lab.lb.frontend.UdpSessionView;
import dev.l4lab.lb.pool.Backend;
import io.netty.buffer.ByteBuf;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * One client ip:port in the session table, like a conntrack entry: its own upstream socket (the NAT source port),
 * pinned to one backend (or, in per-packet mode, a new pick per datagram). It sends the client's datagrams on, and
 * relays back only what comes from an address it sent to. Confined to the frontend's event loop; the counters the
 * admin API reads are volatile.
 */
final class UdpSession {

    private static final Logger LOG = Logger.getLogger(UdpSession.class);

    private final UdpFrontend frontend;
    private final InetSocketAddress client;
    private final String clientIp;
    private final Backend pinned;
    private final DatagramChannel upstream;
    private final Map<Backend, Target> targets = new HashMap<>(4);
    private final ArrayDeque<Pending> pending = new ArrayDeque<>(2);
    private final long createdMillis = System.currentTimeMillis();
    private int pendingBytes;
    private boolean closed;
    private volatile long lastActivityMillis = createdMillis;
    private volatile long packetsIn;
    private volatile long packetsOut;
    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile Backend lastBackend;

    /** A client datagram held until its backend's name has been resolved the first time. */
    private record Pending(Backend backend, ByteBuf data) {
    }

    UdpSession(UdpFrontend frontend, InetSocketAddress client, Backend pinned, DatagramChannel upstream) {
        this.frontend = frontend;
        this.client = client;
        this.clientIp = client.getAddress().getHostAddress();
        this.pinned = pinned;
        this.lastBackend = pinned;
        this.upstream = upstream;
        upstream.pipeline().addLast("replies", new Datagrams(this::fromBackend, frontend::socketError));
    }

    InetSocketAddress client() {
        return client;
    }

    /** Pinned to a backend that was removed or is DOWN (whatever its operator state): the client must move. */
    boolean pinnedBackendGone() {
        return pinned != null && !pinned.alive();
    }

    boolean idleSince(long nowMillis, long timeoutMs) {
        return nowMillis - lastActivityMillis >= timeoutMs;
    }

    /** A datagram from the client; the session owns {@code data} from here. */
    void fromClient(ByteBuf data) {
        lastActivityMillis = System.currentTimeMillis();
        packetsIn++;
        bytesIn += data.readableBytes();
        Backend target = pinned;
        if (target == null) {
            target = frontend.pool().choose(clientIp, Set.of()).orElse(null);
            if (target == null) {
                frontend.stats().drop(Drop.NO_BACKEND);
                data.release();
                return;
            }
            target.countRequest();
        }
        lastBackend = target;
        Target t = targets.computeIfAbsent(target, Target::new);
        if (t.address() != null) {
            send(target, t.address(), data);
            if (t.stale()) {
                resolve(t);
            }
        } else {
            hold(target, data);
            if (!t.resolving) {
                resolve(t);
            }
        }
    }

    private void send(Backend to, InetSocketAddress address, ByteBuf data) {
        int n = data.readableBytes();
        frontend.stats().bytesIn.add(n);
        to.addBytesIn(n);
        upstream.writeAndFlush(new DatagramPacket(data, address), upstream.voidPromise());
    }

    private void hold(Backend to, ByteBuf data) {
        int n = data.readableBytes();
        if (pendingBytes + n > UdpSettings.PENDING_BYTES_PER_SESSION || !frontend.reservePending(n)) {
            frontend.stats().drop(Drop.QUEUE_FULL);
            data.release();
            return;
        }
        // an exact-size copy: the read buffer is sized for the largest datagram
        ByteBuf copy = upstream.alloc().buffer(n).writeBytes(data);
        data.release();
        pendingBytes += n;
        pending.add(new Pending(to, copy));
    }

    private void resolve(Target t) {
        t.resolving = true;
        Future<InetSocketAddress> f = frontend.resolve(t.backend);
        f.addListener(r -> {
            t.resolving = false;
            if (closed) {
                return;
            }
            if (r.isSuccess()) {
                t.resolved(f.getNow());
                sendHeld(t);
            } else if (t.address() == null) {
                LOG.debugf("%s: backend %s does not resolve: %s", frontend.name(), t.backend, r.cause().getMessage());
                dropHeld(t.backend, Drop.NO_BACKEND);
            }
        });
    }

    /** The datagrams held for this backend leave in the order they came, each to the backend it was counted for. */
    private void sendHeld(Target t) {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.backend() == t.backend) {
                it.remove();
                unreserve(p.data().readableBytes());
                send(p.backend(), t.address(), p.data());
            }
        }
    }

    private void dropHeld(Backend backend, Drop why) {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (backend == null || p.backend() == backend) {
                it.remove();
                unreserve(p.data().readableBytes());
                p.data().release();
                if (why != null) {
                    frontend.stats().drop(why);
                }
            }
        }
    }

    private void unreserve(int n) {
        pendingBytes -= n;
        frontend.releasePending(n);
    }

    /** Like a NAT: only an address this session sent to may answer on its socket. */
    private void fromBackend(DatagramPacket reply) {
        Backend from = closed ? null : backendAt(reply.sender());
        if (from == null) {
            if (!closed) {
                frontend.stats().drop(Drop.FOREIGN_SOURCE);
                LOG.debugf("%s: dropped a datagram from %s on %s's upstream socket (not its backend)", frontend.name(),
                        reply.sender(), client);
            }
            reply.release();
            return;
        }
        int n = reply.content().readableBytes();
        lastActivityMillis = System.currentTimeMillis();
        packetsOut++;
        bytesOut += n;
        frontend.stats().bytesOut.add(n);
        from.addBytesOut(n);
        frontend.toClient(new DatagramPacket(reply.content(), client));
    }

    private Backend backendAt(InetSocketAddress sender) {
        for (Target t : targets.values()) {
            if (t.knows(sender)) {
                return t.backend;
            }
        }
        return null;
    }

    /** Closes its socket and gives its backend slot back; held datagrams are freed (the session is gone). */
    void expire() {
        if (closed) {
            return;
        }
        closed = true;
        frontend.ended(this);
        if (pinned != null) {
            pinned.release();
        }
        dropHeld(null, null);
        upstream.close();
    }

    UdpSessionView view() {
        long now = System.currentTimeMillis();
        Backend b = lastBackend;
        InetSocketAddress local = upstream.localAddress();
        return new UdpSessionView(clientIp + ":" + client.getPort(), frontend.name(), b == null ? null : b.name(),
                local == null ? 0 : local.getPort(), packetsIn, packetsOut, bytesIn, bytesOut, now - createdMillis,
                now - lastActivityMillis);
    }
}
