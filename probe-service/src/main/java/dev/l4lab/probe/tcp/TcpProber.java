package dev.l4lab.probe.tcp;

import com.google.protobuf.ByteString;
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
import java.io.ByteArrayOutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One TCP probe on the event loop: connect (timed), optionally write bytes, then read the first bytes
 * (timed) until the expected regex matches, the banner is full, the peer closes or the read times out.
 */
@ApplicationScoped
public class TcpProber {

    private final Vertx vertx;

    public TcpProber(Vertx vertx) {
        this.vertx = vertx;
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
            context.runOnContext(ignored -> connectAndRead(spec, target, result, connector, em));
        });
    }

    private void connectAndRead(TcpProbeSpec spec, ResolvedTarget target, TcpProbeResult.Builder result,
                                TcpConnector connector, UniEmitter<? super TcpProbeResult> em) {
        long start = System.nanoTime();
        connector.connect(target.address(), spec.port()).onComplete(ar -> {
            double connectMs = (System.nanoTime() - start) / 1e6;
            result.setConnectMs(connectMs);
            if (ar.failed()) {
                ConnectError error = ConnectError.classify(ar.cause());
                result.setState(error.state).setError(ConnectError.describe(ar.cause()));
                finish(em, result, connector, start, target);
                return;
            }
            NetSocket socket = ar.result();
            if (isSelfConnect(socket)) { // see TcpConnectSweep.opened: nothing listens there
                socket.close();
                result.setState(PortState.CLOSED).setError("self-connect (nothing listens)");
                finish(em, result, connector, start, target);
                return;
            }
            result.setState(PortState.OPEN)
                    .setLocalAddress(ResolvedTarget.textOfLiteral(socket.localAddress().hostAddress()))
                    .setLocalPort(socket.localAddress().port());
            if (!spec.reads()) {
                socket.close();
                finish(em, result, connector, start, target);
                return;
            }
            readBanner(spec, socket, result, () -> finish(em, result, connector, start, target));
        });
    }

    public static boolean isSelfConnect(NetSocket socket) {
        return socket.localAddress().port() == socket.remoteAddress().port()
                && socket.localAddress().hostAddress().equals(socket.remoteAddress().hostAddress());
    }

    private void readBanner(TcpProbeSpec spec, NetSocket socket, TcpProbeResult.Builder result, Runnable done) {
        long connected = System.nanoTime();
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        AtomicBoolean finished = new AtomicBoolean();
        Runnable complete = () -> {
            if (finished.compareAndSet(false, true)) {
                byte[] bytes = banner.toByteArray();
                result.setBanner(ByteString.copyFrom(bytes)).setBannerText(Texts.printable(bytes));
                if (spec.expect() != null) {
                    result.setExpectMatched(spec.expect().matcher(Texts.latin1(bytes)).find());
                }
                socket.close();
                done.run();
            }
        };
        long timer = vertx.setTimer(spec.readTimeoutMs(), id -> complete.run());
        socket.handler(buf -> {
            if (banner.size() == 0) {
                result.setFirstByteMs((System.nanoTime() - connected) / 1e6);
            }
            int room = spec.maxBannerBytes() - banner.size();
            byte[] bytes = buf.getBytes();
            banner.write(bytes, 0, Math.min(room, bytes.length));
            boolean matched = spec.expect() != null && spec.expect().matcher(Texts.latin1(banner.toByteArray())).find();
            if (matched || banner.size() >= spec.maxBannerBytes()) {
                vertx.cancelTimer(timer);
                complete.run();
            }
        });
        socket.endHandler(v -> {
            result.setPeerClosed(true);
            vertx.cancelTimer(timer);
            complete.run();
        });
        socket.exceptionHandler(t -> {
            result.setError(ConnectError.describe(t));
            vertx.cancelTimer(timer);
            complete.run();
        });
        if (spec.send().length > 0) {
            socket.write(Buffer.buffer(spec.send()));
        }
    }

    private static void finish(UniEmitter<? super TcpProbeResult> em,
                               TcpProbeResult.Builder result, TcpConnector connector, long start, ResolvedTarget target) {
        connector.close();
        result.setTotalMs(target.dnsMs() + (System.nanoTime() - start) / 1e6);
        em.complete(result.build());
    }
}
