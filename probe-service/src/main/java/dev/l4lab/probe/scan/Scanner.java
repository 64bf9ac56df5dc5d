package dev.l4lab.probe.scan;

import dev.l4lab.probe.error.ProbeException;
import dev.l4lab.probe.exec.BlockingExecutor;
import dev.l4lab.probe.guard.Slot;
import dev.l4lab.probe.policy.ResolvedTarget;
import dev.l4lab.probe.stream.Outbox;
import dev.l4lab.probe.v1.PortResult;
import dev.l4lab.probe.v1.PortState;
import dev.l4lab.probe.v1.Protocol;
import dev.l4lab.probe.v1.ScanEvent;
import dev.l4lab.probe.v1.ScanSummary;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Port scans with a sliding window: at most {@code concurrency} ports in flight; each finished port is
 * queued for the client at once and frees its place for the next. Lanes (sweep threads, one selector
 * each: {@link TcpConnectSweep}, {@link UdpSweep}) share the scan's ports. Every lane holds the scan's
 * slot until it has closed its sockets, so a cancelled scan keeps its slot until its sockets are gone.
 */
@ApplicationScoped
public class Scanner {

    private final BlockingExecutor executor;
    private final ScanSockets sockets;

    public Scanner(BlockingExecutor executor, ScanSockets sockets) {
        this.executor = executor;
        this.sockets = sockets;
    }

    /** Starts the lanes; the outbox gets every result and then the summary, or the failure. */
    public void scan(ScanSpec spec, ResolvedTarget target, Slot slot, Outbox<ScanEvent> box,
                     Consumer<Map<PortState, Integer>> onCounts) {
        new Run(spec, target, box, onCounts).start(slot);
    }

    private final class Run implements LaunchGate {
        private final ScanSpec spec;
        private final ResolvedTarget target;
        private final Outbox<ScanEvent> box;
        private final Consumer<Map<PortState, Integer>> onCounts;
        private final PortCursor cursor;
        private final AtomicInteger lanesRunning = new AtomicInteger();
        private final Map<PortState, Integer> counts = new EnumMap<>(PortState.class);
        private final BitSet open = new BitSet(65536);
        private final long start = System.nanoTime();
        private int reported;

        Run(ScanSpec spec, ResolvedTarget target, Outbox<ScanEvent> box, Consumer<Map<PortState, Integer>> onCounts) {
            this.spec = spec;
            this.target = target;
            this.box = box;
            this.onCounts = onCounts;
            this.cursor = new PortCursor(spec.ports());
        }

        void start(Slot slot) {
            int ports = spec.portCount();
            int window = Math.max(1, Math.min(spec.concurrency(), ports));
            // UDP lanes mostly wait for replies or their deadline: one selector is enough, and leaves the cores
            // to the event loops while many UDP scans run
            int lanes = spec.protocol() == Protocol.UDP ? 1 : Math.max(1, Math.min(executor.lanes(), window));
            lanesRunning.set(lanes);
            for (int lane = 0; lane < lanes; lane++) {
                int laneWindow = window / lanes + (lane < window % lanes ? 1 : 0);
                if (!slot.retain()) {
                    laneEnded();
                    continue;
                }
                try {
                    executor.executeSweep(() -> {
                        try {
                            sweep(laneWindow);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (RuntimeException e) {
                            box.fail(e);
                        } finally {
                            slot.release();
                            laneEnded();
                        }
                    });
                } catch (ProbeException e) {
                    slot.release();
                    box.fail(e);
                    laneEnded();
                }
            }
        }

        private void sweep(int window) throws InterruptedException {
            if (spec.protocol() == Protocol.UDP) {
                UdpSweep.run(target.address(), cursor, window, spec.timeoutMs(), spec.payload(), this::finished, this);
            } else {
                TcpConnectSweep.run(target.address(), cursor, window, spec.timeoutMs(), this::finished, this);
            }
        }

        @Override
        public boolean stopped() {
            return !box.isOpen();
        }

        @Override
        public boolean tryLaunch() {
            return box.hasRoom() && sockets.tryAcquire();
        }

        @Override
        public void closed() {
            sockets.release();
        }

        @Override
        public void idle() throws InterruptedException {
            if (!box.hasRoom()) {
                box.awaitRoom();
            } else {
                sockets.await(50);
            }
        }

        private void finished(PortResult r) {
            synchronized (this) {
                counts.merge(r.getState(), 1, Integer::sum);
                reported++;
                if (r.getState() == PortState.OPEN) {
                    open.set(r.getPort());
                }
            }
            boolean interesting = r.getState() == PortState.OPEN || r.getState() == PortState.OPEN_FILTERED;
            if (!spec.openOnly() || interesting) {
                box.offer(ScanEvent.newBuilder().setResult(r).build());
            }
        }

        private void laneEnded() {
            if (lanesRunning.decrementAndGet() != 0) {
                return;
            }
            Map<PortState, Integer> snapshot;
            boolean all;
            synchronized (this) {
                snapshot = new EnumMap<>(counts);
                all = reported == spec.portCount();
            }
            onCounts.accept(snapshot);
            if (!all || !box.isOpen()) {
                return; // cancelled, stalled or failed: the outbox already says so
            }
            ScanSummary.Builder s = ScanSummary.newBuilder()
                    .setResolvedAddress(target.addressText())
                    .setProtocol(spec.protocol()).setPortsScanned(spec.portCount())
                    .setElapsedMs((System.nanoTime() - start) / 1e6).setDnsMs(target.dnsMs());
            snapshot.forEach((state, n) -> s.putCounts(state.name(), n));
            open.stream().forEach(s::addOpenPorts);
            box.offer(ScanEvent.newBuilder().setSummary(s).build());
            box.complete();
        }
    }
}
