package dev.l4lab.lb.policy;

import dev.l4lab.lb.pool.BackendAddress;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Which addresses a backend may have. Never one of lb-demo's own listeners (a client connection would be proxied
 * back into the LB, again and again, until the connection limit) and never link-local (169.254.0.0/16 and
 * fe80::/10: cloud metadata services live there), unless a key allows it. The check reads the address as written,
 * in any spelling of an IP (127.0.0.1, 0.0.0.0, ::1, ::ffff:127.0.0.1) and the name localhost; it does not send
 * DNS queries, so another name that resolves to such an address is not caught here.
 */
public final class BackendPolicy {

    static final String ALLOW_LINK_LOCAL = "lb.backend-policy.allow-link-local";
    static final String ALLOW_SELF = "lb.backend-policy.allow-self";

    private final boolean allowLinkLocal;
    private final boolean allowSelf;
    private final Supplier<List<OwnListener>> listeners;

    public BackendPolicy(boolean allowLinkLocal, boolean allowSelf, Supplier<List<OwnListener>> listeners) {
        this.allowLinkLocal = allowLinkLocal;
        this.allowSelf = allowSelf;
        this.listeners = listeners;
    }

    /**
     * @param tcp whether the pool is reached over TCP (TCP and L7 frontends) or UDP
     * @throws IllegalArgumentException naming the problem and the key that would allow it
     */
    public void check(BackendAddress backend, boolean tcp) {
        for (InetAddress ip : addresses(backend.host())) {
            if (ip.isLinkLocalAddress() && !allowLinkLocal) {
                throw new IllegalArgumentException("backend " + backend + " is link-local (" + ip.getHostAddress()
                        + ": 169.254.0.0/16 and fe80::/10, where cloud metadata lives); set " + ALLOW_LINK_LOCAL
                        + "=true to allow it");
            }
            if (!allowSelf) {
                for (OwnListener own : listeners.get()) {
                    if (own.tcp() == tcp && own.port() == backend.port() && listensOn(own, ip)) {
                        throw new IllegalArgumentException("backend " + backend + " is lb-demo's own listener "
                                + own.name() + " (" + (tcp ? "tcp" : "udp") + " " + own.bindHost() + ":" + own.port()
                                + "): connections would loop through the LB; set " + ALLOW_SELF + "=true to allow it");
                    }
                }
            }
        }
    }

    /** The IP a host is written as, "localhost" (and *.localhost, RFC 6761) as loopback; names: none. */
    private static List<InetAddress> addresses(String host) {
        try {
            byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
            if (literal != null) {
                return List.of(InetAddress.getByAddress(literal));
            }
        } catch (UnknownHostException impossible) {
            // a 4- or 16-byte array is always accepted
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return List.of(InetAddress.getLoopbackAddress());
        }
        return List.of();
    }

    /** A listener on the wildcard takes every local address; a backend on the wildcard reaches every listener. */
    private static boolean listensOn(OwnListener own, InetAddress ip) {
        for (InetAddress bind : addresses(own.bindHost())) {
            if (bind.isAnyLocalAddress() ? isLocal(ip) : ip.isAnyLocalAddress() || bind.equals(ip)) {
                return true;
            }
        }
        return false;
    }

    /** An address of this host: the wildcard, loopback, or one of its interfaces. */
    private static boolean isLocal(InetAddress ip) {
        if (ip.isAnyLocalAddress() || ip.isLoopbackAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(ip) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
