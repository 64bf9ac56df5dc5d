package dev.l4lab.echo.udp;

import dev.l4lab.echo.config.EchoConfig;
import dev.l4lab.echo.faults.FaultPlan;
import dev.l4lab.echo.faults.FaultState;
import dev.l4lab.echo.lifecycle.Blocking;
import dev.l4lab.echo.metrics.EchoMetrics;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * UDP echo (RFC 862). Each datagram goes back to its sender with exactly the bytes received, never more,
 * so the service cannot amplify. The receive buffer is large enough for a 65507-byte datagram (Vert.x uses
 * the same size for SO_RCVBUF and for Netty's per-read buffer).
 */
@ApplicationScoped
public class UdpEchoServer {

    private static final Logger LOG = Logger.getLogger(UdpEchoServer.class);
    /** SO_RCVBUF and per-read buffer; must exceed the largest UDP payload (65507 on IPv4). */
    static final int RECEIVE_BUFFER = 256 * 1024;
    static final int SEND_BUFFER = 256 * 1024;
    /** Datagrams held for latency injection before new ones are dropped. */
    static final int MAX_DELAYED = 10_000;

    private final Vertx vertx;
    private final EchoConfig config;
    private final EchoMetrics metrics;
    private final FaultState faults;
    private final AtomicInteger delayed = new AtomicInteger();
    private volatile DatagramSocket socket;
    private volatile int port = -1;

    public UdpEchoServer(Vertx vertx, EchoConfig config, EchoMetrics metrics, FaultState faults) {
        this.vertx = vertx;
        this.config = config;
        this.metrics = metrics;
        this.faults = faults;
    }

    public synchronized void start() {
        bind(config.udp().port());
    }

    public synchronized void stop() {
        if (socket != null) {
            Blocking.await(socket.close(), "close udp echo");
            socket = null;
            LOG.infof("udp echo stopped listening on udp/%d", port);
        }
    }

    /** The "refuse udp" fault: with the socket closed the kernel answers ICMP port unreachable. Blocks. */
    public synchronized void refuse(boolean refuse) {
        if (refuse) {
            stop();
        } else if (socket == null) {
            bind(port >= 0 ? port : config.udp().port());
        }
    }

    public boolean isBound() {
        return socket != null;
    }

    public int port() {
        return port;
    }

    private void bind(int wanted) {
        DatagramSocketOptions options = new DatagramSocketOptions().setReceiveBufferSize(RECEIVE_BUFFER)
            .setSendBufferSize(SEND_BUFFER).setReuseAddress(true);
        DatagramSocket s = vertx.createDatagramSocket(options);
        s.handler(packet -> onPacket(s, packet));
        s.exceptionHandler(e -> LOG.debugf("udp echo: %s", e.toString()));
        Blocking.await(s.listen(wanted, "0.0.0.0"), "bind udp echo on udp/" + wanted);
        socket = s;
        port = s.localAddress().port();
        LOG.infof("udp echo listening on udp/%d", port);
    }

    private void onPacket(DatagramSocket s, DatagramPacket packet) {
        Buffer data = packet.data();
        SocketAddress sender = packet.sender();
        metrics.datagramIn(data.length());
        FaultPlan plan = faults.plan();
        if (plan.blackhole()) {
            metrics.faultInjected("blackhole");
            metrics.datagramDropped("blackhole");
            return;
        }
        if (FaultState.roll(plan.udpDropRate())) {
            metrics.faultInjected("udp-drop");
            metrics.datagramDropped("fault-drop");
            return;
        }
        if (plan.delays()) {
            if (delayed.incrementAndGet() > MAX_DELAYED) {
                delayed.decrementAndGet();
                metrics.datagramDropped("backlog");
                return;
            }
            metrics.faultInjected("latency");
            vertx.setTimer(Math.max(1, FaultState.delayMs(plan)), id -> {
                delayed.decrementAndGet();
                reply(s, data, sender);
            });
            return;
        }
        reply(s, data, sender);
    }

    /** Sends back exactly what arrived: same bytes, same size, to the sender only. */
    private void reply(DatagramSocket s, Buffer data, SocketAddress sender) {
        s.send(data, sender.port(), sender.hostAddress()).onComplete(ar -> {
            if (ar.succeeded()) {
                metrics.datagramOut(data.length());
            } else {
                metrics.datagramDropped("send-failed");
            }
        });
    }
}
