package dev.l4lab.probe.tcp;

import com.google.protobuf.ByteString;
import dev.l4lab.probe.exec.BlockingExecutor;
import dev.l4lab.probe.net.AddressText;
import dev.l4lab.probe.net.ConnectError;
import dev.l4lab.probe.net.FailureReason;
import dev.l4lab.probe.net.SelfConnect;
import dev.l4lab.probe.net.WireText;
import dev.l4lab.probe.policy.ResolvedTarget;
import dev.l4lab.probe.v1.PortState;
import dev.l4lab.probe.v1.TcpProbeResult;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;

/**
 * One TCP probe on the event loop: connect (timed), optionally write bytes, then read the first bytes
 * (timed) until the expected regex matches, the banner is full, the peer closes or the read times out.
 * The regex runs on a matcher thread, never on the event loop: at most one match per probe at a time,
 * re-run on the newest bytes, and early matches stop after twice the banner size has been matched (then
 * only the final match runs), so one probe costs at most about 3 x maxBannerBytes x program size.
 */
@ApplicationScoped
public class TcpProber {

    private final Vertx vertx;
    private final BlockingExecutor executor;

    public TcpProber(Vertx vertx, BlockingExecutor executor) {
        this.vertx = vertx;
        this.executor = executor;
    }

    public Uni<TcpProbeResult> probe(TcpProbeSpec spec, ResolvedTarget target) {
        TcpProbeResult.Builder result = TcpProbeResult.newBuilder()
                .setHost(spec.host()).setPort(spec.port())
                .setResolvedAddress(target.addressText())
                .addAllResolvedAddresses(target.addressTexts())
                .setDnsMs(target.dnsMs());
        return Uni.createFrom().emitter(em -> {
            TcpConnector connector = new TcpConnector(vertx, spec.timeoutMs());
            // Connect from inside one event-loop context so the connect callback (which installs the data
            // handler) runs on the channel's own thread before any received byte is dispatched.
            Context context = vertx.getOrCreateContext();
            context.runOnContext(ignored -> connectAndRead(spec, target, result, connector, em, context));
        });
    }

    private void connectAndRead(TcpProbeSpec spec, ResolvedTarget target, TcpProbeResult.Builder result,
                                TcpConnector connector, UniEmitter<? super TcpProbeResult> em, Context context) {
        long start = System.nanoTime();
        Runnable finish = () -> {
            connector.close();
            result.setTotalMs(target.dnsMs() + (System.nanoTime() - start) / 1e6);
            em.complete(result.build());
        };
        connector.connect(target.address(), spec.port()).onComplete(ar -> {
            result.setConnectMs((System.nanoTime() - start) / 1e6);
            if (ar.failed()) {
                ConnectError error = ConnectError.classify(ar.cause());
                result.setState(error.state).setError(ConnectError.describe(ar.cause())).setReason(error.reason.word);
                finish.run();
                return;
            }
            NetSocket socket = ar.result();
            if (TcpConnector.isSelfConnect(socket)) {
                socket.close();
                result.setState(PortState.CLOSED).setError(SelfConnect.ERROR).setReason(FailureReason.REFUSED.word);
                finish.run();
                return;
            }
            result.setState(PortState.OPEN)
                    .setLocalAddress(AddressText.ofLiteral(socket.localAddress().hostAddress()))
                    .setLocalPort(socket.localAddress().port());
            if (!spec.reads()) {
                socket.close();
                finish.run();
                return;
            }
            new BannerRead(spec, socket, result, finish, context).start();
        });
    }

    /** Reading the banner; every field is touched on the socket's event-loop context only. */
    private final class BannerRead {
        private final TcpProbeSpec spec;
        private final NetSocket socket;
        private final TcpProbeResult.Builder result;
        private final Runnable done;
        private final Context context;
        private final byte[] banner;
        private final long connected = System.nanoTime();
        private int length;
        private long earlyMatchBudget;
        private boolean matching;
        private boolean rematch;
        private boolean matched;
        private boolean ended;
        private long timer;

        BannerRead(TcpProbeSpec spec, NetSocket socket, TcpProbeResult.Builder result, Runnable done, Context context) {
            this.spec = spec;
            this.socket = socket;
            this.result = result;
            this.done = done;
            this.context = context;
            this.banner = new byte[spec.maxBannerBytes()];
            this.earlyMatchBudget = 2L * spec.maxBannerBytes();
        }

        void start() {
            timer = vertx.setTimer(spec.readTimeoutMs(), id -> end());
            socket.handler(this::received);
            socket.endHandler(v -> {
                result.setPeerClosed(true);
                end();
            });
            socket.exceptionHandler(t -> {
                result.setError(ConnectError.describe(t));
                end();
            });
            if (spec.send().length > 0) {
                socket.write(Buffer.buffer(spec.send()));
            }
        }

        private void received(Buffer buf) {
            if (ended) {
                return;
            }
            if (length == 0) {
                result.setFirstByteMs((System.nanoTime() - connected) / 1e6);
            }
            int n = Math.min(banner.length - length, buf.length());
            buf.getBytes(0, n, banner, length);
            length += n;
            if (length >= banner.length) {
                end();
            } else if (spec.expect() != null) {
                matchEarly();
            }
        }

        private void matchEarly() {
            if (matching) {
                rematch = true;
                return;
            }
            if (earlyMatchBudget < length) {
                return; // the final match at the end decides
            }
            earlyMatchBudget -= length;
            matching = true;
            int upTo = length;
            executor.match(() -> spec.expect().find(banner, upTo)).subscribe().with(
                    found -> context.runOnContext(v -> earlyMatchDone(found)),
                    failure -> context.runOnContext(v -> earlyMatchDone(false)));
        }

        private void earlyMatchDone(boolean found) {
            matching = false;
            if (ended) {
                return;
            }
            if (found) {
                matched = true;
                end();
            } else if (rematch) {
                rematch = false;
                matchEarly();
            }
        }

        private void end() {
            if (ended) {
                return;
            }
            ended = true;
            vertx.cancelTimer(timer);
            socket.close();
            byte[] bytes = Arrays.copyOf(banner, length);
            result.setBanner(ByteString.copyFrom(bytes)).setBannerText(WireText.printable(bytes));
            if (spec.expect() == null || matched) {
                result.setExpectMatched(matched);
                done.run();
                return;
            }
            executor.match(() -> spec.expect().find(bytes, bytes.length)).subscribe().with(
                    found -> context.runOnContext(v -> {
                        result.setExpectMatched(found);
                        done.run();
                    }),
                    failure -> context.runOnContext(v -> done.run()));
        }
    }
}
