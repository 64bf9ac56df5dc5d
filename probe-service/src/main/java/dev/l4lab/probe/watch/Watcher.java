package dev.l4lab.probe.watch;

import dev.l4lab.probe.error.ProbeException;
import dev.l4lab.probe.exec.BlockingExecutor;
import dev.l4lab.probe.guard.Slot;
import dev.l4lab.probe.net.ConnectError;
import dev.l4lab.probe.net.FailureReason;
import dev.l4lab.probe.net.SelfConnect;
import dev.l4lab.probe.policy.ResolvedTarget;
import dev.l4lab.probe.stream.Outbox;
import dev.l4lab.probe.tcp.TcpConnector;
import dev.l4lab.probe.udp.UdpOutcome;
import dev.l4lab.probe.udp.UdpProber;
import dev.l4lab.probe.v1.PortState;
import dev.l4lab.probe.v1.Protocol;
import dev.l4lab.probe.v1.WatchEvent;
import dev.l4lab.probe.v1.WatchSample;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * tcping / ping: one sample every intervalMs (timed from sample start, like ping), {@code count}
 * samples, then statistics. Samples run one after another, so a slow sample delays the next, and the
 * next sample starts only when the client's outbox has room. Each sample holds the watch's slot while it
 * is in flight; a cancelled watch starts no further sample.
 */
@ApplicationScoped
public class Watcher {

    private final Vertx vertx;
    private final UdpProber udpProber;
    private final BlockingExecutor workers;

    public Watcher(Vertx vertx, UdpProber udpProber, BlockingExecutor workers) {
        this.vertx = vertx;
        this.udpProber = udpProber;
        this.workers = workers;
    }

    public void watch(WatchSpec spec, ResolvedTarget target, Slot slot, Outbox<WatchEvent> box,
                      Consumer<PortState> onSample) {
        Context context = vertx.getOrCreateContext();
        Run run = new Run(spec, target, slot, box, onSample, context);
        box.onClose(run::stop);
        context.runOnContext(v -> run.sample(1));
    }

    /** One watch; sample() and its callbacks run on {@code context}. */
    private final class Run {
        private final WatchSpec spec;
        private final ResolvedTarget target;
        private final Slot slot;
        private final Outbox<WatchEvent> box;
        private final Consumer<PortState> onSample;
        private final Context context;
        private final double[] rtts;
        private final TcpConnector connector;
        private int received;

        Run(WatchSpec spec, ResolvedTarget target, Slot slot, Outbox<WatchEvent> box, Consumer<PortState> onSample,
            Context context) {
            this.spec = spec;
            this.target = target;
            this.slot = slot;
            this.box = box;
            this.onSample = onSample;
            this.context = context;
            this.rtts = new double[spec.count()];
            this.connector = spec.protocol() == Protocol.UDP ? null : new TcpConnector(vertx, spec.timeoutMs());
        }

        void stop() {
            if (connector != null) {
                context.runOnContext(v -> connector.close());
            }
        }

        void sample(int seq) {
            if (!box.isOpen() || !slot.retain()) {
                return;
            }
            long started = System.nanoTime();
            Consumer<WatchSample> after = s -> context.runOnContext(v -> {
                try {
                    record(s);
                    if (seq >= spec.count()) {
                        finish();
                    } else {
                        long waitMs = spec.intervalMs() - (System.nanoTime() - started) / 1_000_000L;
                        vertx.setTimer(Math.max(1, waitMs),
                                id -> box.whenRoom(() -> context.runOnContext(w -> sample(seq + 1))));
                    }
                } finally {
                    slot.release();
                }
            });
            if (connector == null) {
                try {
                    workers.execute(() -> {
                        UdpOutcome o = udpProber.probe(target.address(), spec.port(), spec.payload(), spec.timeoutMs());
                        after.accept(WatchSample.newBuilder().setSeq(seq).setState(o.state())
                                .setRttMs(o.state() == PortState.OPEN ? o.rttMs() : 0).setLocalPort(o.localPort())
                                .setError(o.error()).setReason(o.reasonWord()).build());
                    });
                } catch (ProbeException e) {
                    slot.release();
                    box.fail(e);
                }
                return;
            }
            connector.connect(target.address(), spec.port()).onComplete(ar -> {
                double ms = (System.nanoTime() - started) / 1e6;
                WatchSample.Builder s = WatchSample.newBuilder().setSeq(seq);
                if (ar.succeeded() && TcpConnector.isSelfConnect(ar.result())) {
                    ar.result().close();
                    s.setState(PortState.CLOSED).setError(SelfConnect.ERROR).setReason(FailureReason.REFUSED.word);
                } else if (ar.succeeded()) {
                    s.setState(PortState.OPEN).setRttMs(ms).setLocalPort(ar.result().localAddress().port());
                    ar.result().close();
                } else {
                    ConnectError error = ConnectError.classify(ar.cause());
                    s.setState(error.state).setError(ConnectError.describe(ar.cause())).setReason(error.reason.word);
                }
                after.accept(s.build());
            });
        }

        private void record(WatchSample s) {
            onSample.accept(s.getState());
            if (s.getState() == PortState.OPEN) {
                rtts[received++] = s.getRttMs();
            }
            box.offer(WatchEvent.newBuilder().setSample(s).build());
        }

        private void finish() {
            double[] answered = Arrays.copyOf(rtts, received);
            box.offer(WatchEvent.newBuilder().setStats(RttStats.of(spec.count(), answered)
                    .setResolvedAddress(target.addressText())).build());
            box.complete();
            stop();
        }
    }
}
