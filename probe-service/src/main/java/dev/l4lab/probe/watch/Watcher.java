package dev.l4lab.probe.watch;

import dev.l4lab.probe.exec.BlockingExecutor;
import dev.l4lab.probe.policy.ResolvedTarget;
import dev.l4lab.probe.tcp.ConnectError;
import dev.l4lab.probe.tcp.TcpConnector;
import dev.l4lab.probe.udp.UdpOutcome;
import dev.l4lab.probe.udp.UdpProber;
import dev.l4lab.probe.v1.PortState;
import dev.l4lab.probe.v1.Protocol;
import dev.l4lab.probe.v1.WatchEvent;
import dev.l4lab.probe.v1.WatchSample;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * tcping / ping: one sample every intervalMs (timed from sample start, like ping), {@code count}
 * samples, then statistics. Samples run one after another, so a slow sample delays the next.
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

    public Multi<WatchEvent> watch(WatchSpec spec, ResolvedTarget target, Consumer<PortState> onSample) {
        return Multi.createFrom().emitter(em -> {
            Run run = new Run(spec, target, em, onSample);
            em.onTermination(run::stop);
            run.sample(1);
        });
    }

    private final class Run {
        private final WatchSpec spec;
        private final ResolvedTarget target;
        private final MultiEmitter<? super WatchEvent> em;
        private final Consumer<PortState> onSample;
        private final double[] rtts;
        private int received;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final TcpConnector connector;

        Run(WatchSpec spec, ResolvedTarget target, MultiEmitter<? super WatchEvent> em, Consumer<PortState> onSample) {
            this.spec = spec;
            this.target = target;
            this.em = em;
            this.onSample = onSample;
            this.rtts = new double[spec.count()];
            this.connector = spec.protocol() == Protocol.UDP ? null : new TcpConnector(vertx, spec.timeoutMs());
        }

        void stop() {
            if (stopped.compareAndSet(false, true) && connector != null) {
                connector.close();
            }
        }

        void sample(int seq) {
            if (stopped.get()) {
                return;
            }
            long started = System.nanoTime();
            Consumer<WatchSample> after = s -> {
                record(s);
                if (seq >= spec.count()) {
                    finish();
                    return;
                }
                long waitMs = spec.intervalMs() - (System.nanoTime() - started) / 1_000_000L;
                vertx.setTimer(Math.max(1, waitMs), id -> sample(seq + 1));
            };
            if (connector == null) {
                workers.execute(() -> {
                    UdpOutcome o = udpProber.probe(target.address(), spec.port(), spec.payload(), spec.timeoutMs());
                    after.accept(WatchSample.newBuilder().setSeq(seq).setState(o.state())
                            .setRttMs(o.state() == PortState.OPEN ? o.rttMs() : 0).setLocalPort(o.localPort())
                            .setError(o.error()).build());
                });
                return;
            }
            connector.connect(target.address(), spec.port()).onComplete(ar -> {
                double ms = (System.nanoTime() - started) / 1e6;
                WatchSample.Builder s = WatchSample.newBuilder().setSeq(seq);
                if (ar.succeeded() && dev.l4lab.probe.tcp.TcpProber.isSelfConnect(ar.result())) {
                    ar.result().close();
                    s.setState(PortState.CLOSED).setError("self-connect (nothing listens)");
                } else if (ar.succeeded()) {
                    s.setState(PortState.OPEN).setRttMs(ms).setLocalPort(ar.result().localAddress().port());
                    ar.result().close();
                } else {
                    s.setState(ConnectError.classify(ar.cause()).state).setError(ConnectError.describe(ar.cause()));
                }
                after.accept(s.build());
            });
        }

        private synchronized void record(WatchSample s) {
            onSample.accept(s.getState());
            if (s.getState() == PortState.OPEN) {
                rtts[received++] = s.getRttMs();
            }
            em.emit(WatchEvent.newBuilder().setSample(s).build());
        }

        private synchronized void finish() {
            double[] answered = java.util.Arrays.copyOf(rtts, received);
            em.emit(WatchEvent.newBuilder().setStats(RttStats.of(spec.count(), answered)
                    .setResolvedAddress(target.addressText())).build());
            em.complete();
        }
    }
}
