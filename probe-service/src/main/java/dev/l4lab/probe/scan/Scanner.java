package dev.l4lab.probe.scan;

import dev.l4lab.probe.exec.BlockingExecutor;
import dev.l4lab.probe.policy.ResolvedTarget;
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
import jakarta.enterprise.context.ApplicationScoped;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Port scans with a sliding window: at most {@code concurrency} ports in flight; each finished port
 * emits its result at once and starts the next. TCP: one non-blocking selector sweep on a worker
 * thread ({@link TcpConnectSweep}); UDP: {@code concurrency} worker threads each running connected
 * DatagramChannel probes. Cancelling the stream stops launching new ports.
 */
@ApplicationScoped
public class Scanner {

    static final int MAX_UDP_LANES = 128;
    private static final int MAX_LANES = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private final UdpProber udpProber;
    private final BlockingExecutor workers;

    public Scanner(UdpProber udpProber, BlockingExecutor workers) {
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
            });
            if (spec.protocol() == Protocol.UDP) {
                // One thread per UDP lane (a connected DatagramChannel probe blocks for its timeout).
                int window = Math.min(Math.min(spec.concurrency(), MAX_UDP_LANES), spec.ports().length);
                for (int i = 0; i < window; i++) {
                    workers.executeLong(this::udpLoop);
                }
            } else {
                // Lanes: independent sweeps over interleaved ports, one per core (a sweep is syscall-bound).
                int lanes = Math.max(1, Math.min(MAX_LANES, Math.min(spec.concurrency(), spec.ports().length)));
                int window = Math.min(spec.concurrency(), spec.ports().length);
                for (int lane = 0; lane < lanes; lane++) {
                    int[] lanePorts = lane(spec.ports(), lane, lanes);
                    int laneWindow = Math.max(1, window / lanes + (lane < window % lanes ? 1 : 0));
                    workers.executeLong(() -> {
                        try {
                            TcpConnectSweep.run(target.address(), lanePorts, laneWindow, spec.timeoutMs(),
                                    this::finished, cancelled::get);
                        } catch (RuntimeException e) {
                            em.fail(e);
                        }
                    });
                }
            }
        }

        private static int[] lane(int[] ports, int lane, int lanes) {
            int[] out = new int[(ports.length - lane + lanes - 1) / lanes];
            for (int i = lane, j = 0; i < ports.length; i += lanes, j++) {
                out[j] = ports[i];
            }
            return out;
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
