package dev.l4lab.lb.pool;

import dev.l4lab.lb.balance.Algorithm;
import dev.l4lab.lb.balance.Balancer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A named set of backends with a balancing algorithm, shared by the frontends that use it. Thread-safe.
 * {@link #acquire(String, Set)} picks and counts a backend for a key (the client IP, or a cookie value);
 * {@link Backend#release()} gives the slot back.
 */
public final class Pool {

    /** Backends per pool at most: each costs a health-check socket, which the descriptor budget reserves. */
    public static final int MAX_BACKENDS = 64;

    /** What {@link #add(BackendSpec)} did. */
    public enum Added { ADDED, DUPLICATE, FULL }

    private final String name;
    private final CopyOnWriteArrayList<Backend> backends = new CopyOnWriteArrayList<>();
    private final List<PoolListener> listeners = new CopyOnWriteArrayList<>();
    private final ProxyProtocolMode proxyProtocol;
    private final int maxConnectionsPerBackend;
    private final HealthPolicy health;
    private volatile Algorithm algorithm;
    private volatile Balancer balancer;

    public Pool(String name, Algorithm algorithm, ProxyProtocolMode proxyProtocol, int maxConnectionsPerBackend,
            HealthPolicy health) {
        this.name = name;
        this.proxyProtocol = proxyProtocol;
        this.maxConnectionsPerBackend = maxConnectionsPerBackend;
        this.health = health;
        setAlgorithm(algorithm);
    }

    public String name() {
        return name;
    }

    public List<Backend> backends() {
        return List.copyOf(backends);
    }

    public Optional<Backend> backend(String address) {
        for (Backend b : backends) {
            if (b.name().equals(address)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    public ProxyProtocolMode proxyProtocol() {
        return proxyProtocol;
    }

    public int maxConnectionsPerBackend() {
        return maxConnectionsPerBackend;
    }

    public HealthPolicy health() {
        return health;
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    /** Switches the algorithm at runtime; existing connections stay where they are. */
    public void setAlgorithm(Algorithm algorithm) {
        this.balancer = algorithm.create();
        this.algorithm = algorithm;
    }

    public void addListener(PoolListener listener) {
        listeners.add(listener);
    }

    /** Adds a backend unless one with that address exists or the pool holds {@link #MAX_BACKENDS}. */
    public synchronized Added add(BackendSpec spec) {
        if (backend(spec.address().toString()).isPresent()) {
            return Added.DUPLICATE;
        }
        if (backends.size() >= MAX_BACKENDS) {
            return Added.FULL;
        }
        Backend b = new Backend(spec.address(), spec.weight(), health.fall());
        backends.add(b);
        listeners.forEach(l -> l.backendAdded(this, b));
        return Added.ADDED;
    }

    /** Removes a backend from rotation; its open TCP connections finish on their own, its UDP sessions move. */
    public synchronized boolean remove(String address) {
        Optional<Backend> b = backend(address);
        b.ifPresent(backend -> {
            backends.remove(backend);
            backend.markRemoved();
            listeners.forEach(l -> l.backendRemoved(this, backend));
        });
        return b.isPresent();
    }

    /** Picks an eligible backend for the key without counting it (per-packet UDP). */
    public Optional<Backend> choose(String key, Set<Backend> exclude) {
        List<Backend> candidates = candidates(exclude);
        return candidates.isEmpty() ? Optional.empty() : Optional.of(balancer.pick(candidates, key));
    }

    /**
     * Picks an eligible backend for the key and counts one active connection on it, or empty when
     * none is UP, all are excluded, or all are at max-connections-per-backend.
     */
    public Optional<Backend> acquire(String key, Set<Backend> exclude) {
        List<Backend> candidates = candidates(exclude);
        Balancer current = balancer;
        while (!candidates.isEmpty()) {
            Backend b = current.pick(candidates, key);
            if (b.tryAcquire(maxConnectionsPerBackend)) {
                return Optional.of(b);
            }
            candidates.remove(b);
        }
        return Optional.empty();
    }

    private List<Backend> candidates(Set<Backend> exclude) {
        List<Backend> out = new ArrayList<>(backends.size());
        for (Backend b : backends) {
            if (b.eligible() && !exclude.contains(b) && b.hasCapacity(maxConnectionsPerBackend)) {
                out.add(b);
            }
        }
        return out;
    }
}
