package dev.l4lab.echo.udp;

import dev.l4lab.echo.config.EchoConfig;
import dev.l4lab.echo.config.ResourceBudget;
import dev.l4lab.echo.faults.FaultPlan;
import dev.l4lab.echo.faults.FaultState;
import dev.l4lab.echo.metrics.DatagramDrop;
import dev.l4lab.echo.metrics.EchoMetrics;
import dev.l4lab.echo.vertx.Blocking;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * UDP echo (RFC 862). Each datagram goes back to its sender with exactly the bytes received, never more,
 * so the service cannot amplify. The receive buffer is large enough for a 65507-byte datagram (Vert.x uses
 * the same size for SO_RCVBUF and for Netty's per-read buffer). Everything held is bounded in bytes: the
 * datagrams the latency fault delays and the replies waiting to leave the socket; beyond either, datagrams
 * are dropped and counted with the reason.
 *
 * <p>No SO_REUSEADDR: on Linux it would let a second instance bind the same UDP port, start healthy and
 * take part of the traffic. A port in use fails start-up naming it.
 */
@ApplicationScoped
public class UdpEchoServer {

    private static final Logger LOG = Logger.getLogger(UdpEchoServer.class);
    static final int SEND_BUFFER = 256 * 1024;
    /** Bookkeeping counted per delayed datagram besides its payload (packet, sender, timer). */
    static final int DELAYED_OVERHEAD = 256;

    private final Vertx vertx;
    private final EchoConfig config;
    private final EchoMetrics metrics;
    private final FaultState faults;
    private final long maxDelayedBytes;
    private final AtomicLong delayedBytes = new AtomicLong();
    private final AtomicLong sendingBytes = new AtomicLong();
    private volatile DatagramSocket socket;
    private volatile int port = -1;

    public UdpEchoServer(Vertx vertx, EchoConfig config, EchoMetrics metrics, FaultState faults) {
        this.vertx = vertx;
        this.config = config;
        this.metrics = metrics;
        this.faults = faults;
        this.maxDelayedBytes = config.udp().maxDelayedBytes();
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

    /**
     * The "refuse udp" fault: with the socket closed the kernel answers ICMP port unreachable. Blocks.
     * Throws IllegalStateException naming the port when it cannot be bound again.
     */
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

    /** Bytes of delayed datagrams waiting for their time (payload plus bookkeeping). */
    public long delayedBytes() {
        return delayedBytes.get();
    }

    private void bind(int wanted) {
        DatagramSocketOptions options = new DatagramSocketOptions().setReceiveBufferSize(ResourceBudget.UDP_READ_BUFFER)
            .setSendBufferSize(SEND_BUFFER).setReuseAddress(false);
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
            metrics.datagramDropped(DatagramDrop.BLACKHOLE);
            return;
        }
        if (FaultState.roll(plan.udpDropRate())) {
            metrics.faultInjected("udp-drop");
            metrics.datagramDropped(DatagramDrop.FAULT_DROP);
            return;
        }
        if (data.length() == 0) {
            metrics.datagramDropped(DatagramDrop.EMPTY);
            return;
        }
        if (plan.delays()) {
            long cost = data.length() + DELAYED_OVERHEAD;
            if (delayedBytes.addAndGet(cost) > maxDelayedBytes) {
                delayedBytes.addAndGet(-cost);
                metrics.datagramDropped(DatagramDrop.BACKLOG);
                return;
            }
            metrics.faultInjected("latency");
            vertx.setTimer(Math.max(1, FaultState.delayMs(plan)), id -> {
                delayedBytes.addAndGet(-cost);
                if (socket != s) {
                    metrics.datagramDropped(DatagramDrop.UNBOUND);
                } else {
                    reply(s, data, sender);
                }
            });
            return;
        }
        reply(s, data, sender);
    }

    /** Sends back exactly what arrived: same bytes, same size, to the sender only. */
    private void reply(DatagramSocket s, Buffer data, SocketAddress sender) {
        int n = data.length();
        if (sendingBytes.addAndGet(n) > ResourceBudget.UDP_SEND_BACKLOG) {
            sendingBytes.addAndGet(-n);
            metrics.datagramDropped(DatagramDrop.SEND_BACKLOG);
            return;
        }
        s.send(data, sender.port(), sender.hostAddress()).onComplete(ar -> {
            sendingBytes.addAndGet(-n);
            if (ar.succeeded()) {
                metrics.datagramOut(n);
            } else {
                metrics.datagramDropped(DatagramDrop.SEND_FAILED);
            }
        });
    }
}
