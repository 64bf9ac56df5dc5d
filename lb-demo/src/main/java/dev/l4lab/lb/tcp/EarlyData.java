package dev.l4lab.lb.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the client sends before its backend is connected: the bytes in order, and whether its FIN came too. Up to
 * {@code limit} bytes, then the session stops reading the client until the backend is connected. Event-loop confined.
 */
final class EarlyData {

    private final List<Object> held = new ArrayList<>(2);
    private final int limit;
    private int bytes;
    private boolean fin;

    EarlyData(int limit) {
        this.limit = limit;
    }

    /** Holds the message; true when the limit is reached, so reading must pause. */
    boolean hold(Object msg) {
        held.add(msg);
        if (msg instanceof ByteBuf buf) {
            bytes += buf.readableBytes();
        }
        return full();
    }

    boolean full() {
        return bytes >= limit;
    }

    void finArrived() {
        fin = true;
    }

    boolean fin() {
        return fin;
    }

    /** Hands every held message over, in order, and forgets them. */
    void drainTo(Consumer<Object> relay) {
        for (Object msg : held) {
            relay.accept(msg);
        }
        held.clear();
    }

    void release() {
        held.forEach(ReferenceCountUtil::release);
        held.clear();
    }
}
