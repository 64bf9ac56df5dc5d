package dev.l4lab.lb.udp;

import dev.l4lab.lb.pool.Backend;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;

/**
 * Where one session sends one backend's datagrams: the backend's address, resolved when it is a name (and again
 * now and then, so a docker name that moves is followed), and the addresses it had, from which replies are still
 * accepted. Event-loop confined.
 */
final class Target {

    private static final int REMEMBERED = 4;

    final Backend backend;
    boolean resolving;
    private final boolean literal;
    private final ArrayDeque<InetSocketAddress> known = new ArrayDeque<>(1);
    private InetSocketAddress address;
    private long resolvedAtNanos;

    Target(Backend backend) {
        this.backend = backend;
        InetSocketAddress ip = literal(backend);
        this.literal = ip != null;
        if (ip != null) {
            resolved(ip);
        }
    }

    private static InetSocketAddress literal(Backend b) {
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(b.address().host());
        if (ip == null) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), b.address().port());
        } catch (UnknownHostException impossible) {
            return null; // a 4- or 16-byte array is always accepted
        }
    }

    /** Null until a name has been resolved. */
    InetSocketAddress address() {
        return address;
    }

    void resolved(InetSocketAddress to) {
        address = to;
        resolvedAtNanos = System.nanoTime();
        if (!known.contains(to)) {
            if (known.size() == REMEMBERED) {
                known.removeFirst();
            }
            known.addLast(to);
        }
    }

    /** A name resolved long enough ago to ask again (in the background: datagrams keep going to the old address). */
    boolean stale() {
        return !literal && !resolving && System.nanoTime() - resolvedAtNanos > UdpSettings.RESOLVE_AGAIN_NANOS;
    }

    boolean knows(InetSocketAddress sender) {
        return known.contains(sender);
    }
}
