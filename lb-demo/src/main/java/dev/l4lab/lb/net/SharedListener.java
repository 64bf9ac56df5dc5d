package dev.l4lab.lb.net;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.UnixChannel;
import java.net.InetSocketAddress;

/**
 * A TCP frontend's one listening socket, watched by every event loop of the frontend, as HAProxy's threads share
 * a listener. A new connection wakes the loops and whichever gets to accept(2) first takes it, so a busy loop
 * leaves new connections to an idle one. One SO_REUSEPORT socket per loop instead lets the kernel hash each
 * connection to a loop whatever its load, which costs new connections per second and widens the latency tail
 * (measured side by side in bench/lb-l4.md).
 *
 * <p>The first loop to attach creates and binds the socket; the others wrap its descriptor (Netty's epoll
 * transport can, NIO cannot: without epoll a frontend has one loop). A wrapper never closes the descriptor: it
 * leaves its epoll set, and the socket is closed once no loop watches it. Every call runs on the loop whose
 * channel it attaches or detaches, so registration, bind and deregistration complete inline.
 */
public final class SharedListener {

    private final InetSocketAddress bindAddress;
    private final SocketFactory sockets;
    private ServerChannel bound;
    private int attached;
    private boolean closeRequested;

    public SharedListener(InetSocketAddress bindAddress, SocketFactory sockets) {
        this.bindAddress = bindAddress;
        this.sockets = sockets;
    }

    /** Registers a channel on this socket on {@code loop} (the caller's loop); the future says if it is listening. */
    public synchronized ChannelFuture attach(EventLoop loop, ChannelHandler acceptor) {
        ServerChannel ch;
        if (bound == null) {
            ch = sockets.listener(bindAddress.getAddress());
            ch.config().setOption(ChannelOption.SO_BACKLOG, 1024);
            ch.config().setOption(ChannelOption.SO_REUSEADDR, true);
        } else {
            ch = new EpollServerSocketChannel(((UnixChannel) bound).fd().intValue());
        }
        ch.pipeline().addLast("acceptor", acceptor);
        ChannelFuture registered = loop.register(ch);
        if (registered.cause() != null) {
            if (bound == null) {
                ch.close(); // a wrapper is never closed: its descriptor is the bound channel's
            }
            return registered;
        }
        if (bound != null) {
            attached++;
            return registered;
        }
        ChannelFuture bind = ch.bind(bindAddress);
        if (bind.isSuccess()) {
            bound = ch;
            attached = 1;
        } else {
            ch.close();
        }
        return bind;
    }

    public int port() {
        return ((InetSocketAddress) bound.localAddress()).getPort();
    }

    /** Stops watching the socket on {@code ch}'s loop; the last loop to leave closes it. */
    public synchronized void detach(ServerChannel ch, Runnable done) {
        if (ch != bound) {
            // Never close a wrapper: the descriptor is the bound channel's. Netty deregisters in a later task;
            // the socket may only close after that (its number could be reused and then removed instead).
            ch.deregister().addListener(f -> {
                synchronized (this) {
                    attached--;
                    closeIfUnwatched(() -> { });
                }
                done.run();
            });
            return;
        }
        closeRequested = true;
        attached--;
        if (!closeIfUnwatched(done)) {
            done.run(); // closed when the last wrapper leaves
        }
    }

    private boolean closeIfUnwatched(Runnable done) {
        if (attached > 0 || !closeRequested) {
            return false;
        }
        bound.close().addListener(f -> done.run());
        bound = null; // a restart binds afresh
        closeRequested = false;
        return true;
    }
}
