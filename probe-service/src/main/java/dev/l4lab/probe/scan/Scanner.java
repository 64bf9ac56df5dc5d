package dev.l4lab.probe.scan;

import dev.l4lab.probe.exec.BlockingExecutor;
import dev.l4lab.probe.policy.ResolvedTarget;
import dev.l4lab.probe.tcp.ConnectError;
import dev.l4lab.probe.tcp.TcpConnector;
import dev.l4lab.probe.udp.UdpOutcome;
import dev.l4lab.probe.udp.UdpProber;
import dev.l4lab.probe.v1.PortResult;
import dev.l4lab.probe.v1.PortState;
import dev.l4lab.probe.v1.Protocol;
import dev.l4lab.probe.v1.ScanEvent;
import dev.l4lab.probe.v1.ScanSummary;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Port scans with a sliding window: at most {@code concurrency} ports in flight; each finished port
 * emits its result at once and starts the next. TCP connects run on the event loop (non-blocking);
 * UDP probes run on worker threads. Cancelling the stream stops launching new ports.
 */
@ApplicationScoped
public class Scanner {

    private final Vertx vertx;
    private final UdpProber udpProber;
    private final BlockingExecutor workers;

    public Scanner(Vertx vertx, UdpProber udpProber, BlockingExecutor workers) {
        this.vertx = vertx;
        this.udpProber = udpProber;
        this.workers = workers;
    }

    public Multi<ScanEvent> scan(ScanSpec spec, ResolvedTarget target, Consumer<Map<PortState, Integer>> onCounts) {
        return Multi.createFrom().<ScanEvent>emitter(em -> new Run(spec, target, em, onCounts).start(),
                BackPressureStrategy.BUFFER);
    }

    private final class Run {
        private final ScanSpec spec;
        private final ResolvedTarget target;
        private final MultiEmitter<? super ScanEvent> em;
        private final Consumer<Map<PortState, Integer>> onCounts;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final Map<PortState, Integer> counts = new EnumMap<>(PortState.class);
        private final BitSet open = new BitSet(65536);
        private final long start = System.nanoTime();
        private volatile TcpConnector connector;

        Run(ScanSpec spec, ResolvedTarget target, MultiEmitter<? super ScanEvent> em,
            Consumer<Map<PortState, Integer>> onCounts) {
            this.spec = spec;
            this.target = target;
            this.em = em;
            this.onCounts = onCounts;
        }

        void start() {
            em.onTermination(() -> {
                cancelled.set(true);
                if (connector != null) {
                    connector.close(); // also aborts connects still in flight after a cancel
                }
            });
            if (spec.protocol() == Protocol.UDP) {
                int window = Math.min(spec.concurrency(), spec.ports().length);
                for (int i = 0; i < window; i++) {
                    workers.execute(this::udpLoop);
                }
            } else {
                connector = new TcpConnector(vertx, spec.timeoutMs());
                int window = Math.min(spec.concurrency(), spec.ports().length);
                // Launch from a Vert.x context so completions stay on the event loops.
                vertx.runOnContext(v -> {
                    for (int i = 0; i < window; i++) {
                        launchTcp();
                    }
                });
            }
        }

        private void launchTcp() {
            int index = next.getAndIncrement();
            if (index >= spec.ports().length || cancelled.get()) {
                return;
            }
            int port = spec.ports()[index];
            long t0 = System.nanoTime();
            connector.connect(target.address(), port).onComplete(ar -> {
                double ms = (System.nanoTime() - t0) / 1e6;
                PortResult.Builder r = PortResult.newBuilder().setPort(port).setRttMs(ms);
                if (ar.succeeded()) {
                    ar.result().close();
                    r.setState(PortState.OPEN);
                } else {
                    ConnectError error = ConnectError.classify(ar.cause());
                    r.setState(error.state);
                    if (error.state == PortState.ERROR || error.state == PortState.UNREACHABLE) {
                        r.setError(ConnectError.describe(ar.cause()));
                    }
                }
                finished(r.build());
                launchTcp();
            });
        }

        private void udpLoop() {
            int index;
            while ((index = next.getAndIncrement()) < spec.ports().length && !cancelled.get()) {
                int port = spec.ports()[index];
                UdpOutcome o = udpProber.probe(target.address(), port, spec.payload(), spec.timeoutMs());
                finished(PortResult.newBuilder().setPort(port).setState(o.state()).setRttMs(o.rttMs())
                        .setError(o.state() == PortState.ERROR || o.state() == PortState.UNREACHABLE ? o.error() : "")
                        .build());
            }
        }

        private void finished(PortResult r) {
            synchronized (this) {
                counts.merge(r.getState(), 1, Integer::sum);
                if (r.getState() == PortState.OPEN) {
                    open.set(r.getPort());
                }
            }
            boolean interesting = r.getState() == PortState.OPEN || r.getState() == PortState.OPEN_FILTERED;
            if (!spec.openOnly() || interesting) {
                em.emit(ScanEvent.newBuilder().setResult(r).build());
            }
            if (done.incrementAndGet() == spec.ports().length) {
                complete();
            }
        }

        private void complete() {
            ScanSummary.Builder s = ScanSummary.newBuilder()
                    .setResolvedAddress(target.addressText())
                    .setProtocol(spec.protocol()).setPortsScanned(spec.ports().length)
                    .setElapsedMs((System.nanoTime() - start) / 1e6).setDnsMs(target.dnsMs());
            synchronized (this) {
                counts.forEach((state, n) -> s.putCounts(state.name(), n));
                open.stream().forEach(s::addOpenPorts);
                onCounts.accept(Map.copyOf(counts));
            }
            em.emit(ScanEvent.newBuilder().setSummary(s).build());
            em.complete();
        }
    }
}
