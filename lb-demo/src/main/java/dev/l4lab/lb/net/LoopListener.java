package dev.l4lab.lb.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.channel.ServerChannel;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * One event loop's watch of a frontend's shared listening socket ({@link SharedListener}): an {@link Acceptor}
 * registers each accepted socket on this loop and hands it over, so accept, connect and relay never change thread.
 * While this loop holds more connections than the {@link AcceptBalancer} allows, it stops watching the socket.
 * Used on its loop only, except {@link #recheckSoon} and {@link #connectionCount}.
 */
public final class LoopListener implements AcceptBalancer.Loop {

    private final SharedListener shared;
    private final AcceptBalancer balancer;
    private final EventLoop loop;
    private final IntSupplier connections;
    private final Acceptor acceptor;
    private ServerChannel listening;
    private boolean accepting = true;

    /**
     * @param connections the connections open on this loop (read by the other loops' balance checks)
     * @param accepted gets each accepted socket, registered on this loop
     */
    public LoopListener(String frontend, SharedListener shared, AcceptBalancer balancer, EventLoop loop,
            IntSupplier connections, Consumer<Channel> accepted) {
        this.shared = shared;
        this.balancer = balancer;
        this.loop = loop;
        this.connections = connections;
        this.acceptor = new Acceptor(frontend, accepted);
    }

    /** Starts watching the socket (binding it if this loop is the first); the future says if it is listening. */
    public ChannelFuture attach() {
        ChannelFuture listen = shared.attach(loop, acceptor);
        if (listen.isSuccess()) {
            listening = (ServerChannel) listen.channel();
            balancer.join(this);
        }
        return listen;
    }

    /** On this loop, after a connection opened or closed: stop or start watching, see {@link AcceptBalancer}. */
    public void rebalance() {
        if (listening == null || acceptor.pausedAfterError()) {
            return;
        }
        boolean overloaded = balancer.overloaded(this);
        if (accepting && overloaded) {
            accepting = false;
            listening.config().setAutoRead(false);
            balancer.stoppedAccepting(this);
        } else if (!accepting && !overloaded) {
            accepting = true;
            listening.config().setAutoRead(true);
        }
    }

    @Override
    public int connectionCount() {
        return connections.getAsInt();
    }

    /** From another loop. */
    @Override
    public void recheckSoon() {
        loop.execute(this::rebalance);
    }

    /**
     * Stops watching: runs {@code closeConnections} (no rebalancing meanwhile), then {@code done} once this loop's
     * channel has left the socket.
     */
    public void detach(Runnable closeConnections, Runnable done) {
        ServerChannel ch = listening;
        listening = null;
        if (ch != null) {
            balancer.leave(this);
        }
        closeConnections.run();
        if (ch == null) {
            done.run();
        } else {
            shared.detach(ch, done);
        }
    }
}
