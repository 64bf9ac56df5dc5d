package dev.l4lab.probe.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiSubscriber;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Mutiny to gRPC with gRPC's flow control: items are requested only while the call is ready (its HTTP/2
 * stream can take more without queueing), and again from the call's on-ready handler. Quarkus' own Mutiny
 * binding requests without bound, so a client that does not read would have every message buffered; this
 * one leaves them with the producer (see stream.Outbox). Every write happens on the call's event loop:
 * written from another thread, a message is only queued as a task for that loop, and isReady() would not
 * see it (measured: 140,000 messages queued for 16 unread streams). Cancelling the call cancels the
 * subscription.
 */
final class StreamBridge {

    /** Items asked for at a time while ready (small messages: a few hundred bytes past the threshold). */
    static final int BATCH = 16;

    private StreamBridge() {
    }

    /**
     * The answer is written on the call's event loop too. Written from the loop where a prober finished, it takes
     * the HTTP/2 connection's lock from a foreign loop while that connection's own loop may be waiting on the
     * other's: both event loops froze that way under the hostile-clients test.
     */
    static <T> void unary(Uni<T> uni, StreamObserver<T> observer) {
        ServerCallStreamObserver<T> call = (ServerCallStreamObserver<T>) observer;
        Context loop = Vertx.currentContext();
        AtomicReference<Cancellable> subscription = new AtomicReference<>();
        call.setOnCancelHandler(() -> {
            Cancellable c = subscription.get();
            if (c != null) {
                c.cancel();
            }
        });
        subscription.set(uni.subscribe().with(item -> onLoop(loop, () -> {
            if (!call.isCancelled()) {
                call.onNext(item);
                call.onCompleted();
            }
        }), failure -> onLoop(loop, () -> {
            if (!call.isCancelled()) {
                call.onError(GrpcErrors.toStatus(failure));
            }
        })));
    }

    private static void onLoop(Context loop, Runnable write) {
        if (loop == null) {
            write.run();
        } else {
            loop.runOnContext(v -> write.run());
        }
    }

    /** Must be called on the call's event loop (where gRPC invokes the service method). */
    static <T> void stream(Multi<T> multi, StreamObserver<T> observer) {
        Context loop = Vertx.currentContext();
        if (loop == null) {
            throw new IllegalStateException("a gRPC stream must start on its event loop");
        }
        multi.subscribe().withSubscriber(new Subscriber<>((ServerCallStreamObserver<T>) observer, loop));
    }

    private static final class Subscriber<T> implements MultiSubscriber<T> {
        private final ServerCallStreamObserver<T> call;
        private final Context loop;
        private final AtomicInteger outstanding = new AtomicInteger();
        private volatile Flow.Subscription subscription;

        Subscriber(ServerCallStreamObserver<T> call, Context loop) {
            this.call = call;
            this.loop = loop;
            // Both handlers must be set while the service method runs, before it returns.
            call.setOnCancelHandler(() -> {
                Flow.Subscription s = subscription;
                if (s != null) {
                    s.cancel();
                }
            });
            call.setOnReadyHandler(this::pump);
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            loop.runOnContext(v -> {
                if (call.isCancelled()) {
                    s.cancel();
                } else {
                    pump();
                }
            });
        }

        /** Tops the demand up to BATCH while the call is ready; on the event loop, after each item and on ready. */
        private void pump() {
            Flow.Subscription s = subscription;
            if (s == null || call.isCancelled() || !call.isReady()) {
                return;
            }
            while (true) {
                int now = outstanding.get();
                if (now > BATCH / 2) {
                    return;
                }
                if (outstanding.compareAndSet(now, BATCH)) {
                    s.request(BATCH - now);
                    return;
                }
            }
        }

        @Override
        public void onItem(T item) {
            loop.runOnContext(v -> {
                outstanding.decrementAndGet();
                if (!call.isCancelled()) {
                    call.onNext(item);
                    pump();
                }
            });
        }

        @Override
        public void onFailure(Throwable failure) {
            loop.runOnContext(v -> {
                if (!call.isCancelled()) {
                    call.onError(GrpcErrors.toStatus(failure));
                }
            });
        }

        @Override
        public void onCompletion() {
            loop.runOnContext(v -> {
                if (!call.isCancelled()) {
                    call.onCompleted();
                }
            });
        }
    }
}
