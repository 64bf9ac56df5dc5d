package dev.l4lab.lb.tcp;

import io.netty.channel.Channel;

/**
 * One flush of a channel after the other events of the current epoll wake-up, however many read batches ask for
 * it. Used on the channel's event loop only.
 */
final class DeferredFlush implements Runnable {

    private Channel pending;

    void request(Channel ch) {
        if (pending == null) {
            pending = ch;
            ch.eventLoop().execute(this);
        }
    }

    @Override
    public void run() {
        Channel ch = pending;
        pending = null;
        ch.flush();
    }
}
