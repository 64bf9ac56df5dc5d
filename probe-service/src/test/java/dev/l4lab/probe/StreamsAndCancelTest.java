package dev.l4lab.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.probe.guard.AccessGuard;
import dev.l4lab.probe.support.Await;
import dev.l4lab.probe.support.GrpcClients;
import dev.l4lab.probe.support.Listeners;
import dev.l4lab.probe.v1.ChurnRequest;
import dev.l4lab.probe.v1.ProbeServiceGrpc;
import dev.l4lab.probe.v1.Protocol;
import dev.l4lab.probe.v1.ScanEvent;
import dev.l4lab.probe.v1.ScanRequest;
import dev.l4lab.probe.v1.WatchRequest;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Streams follow the client's reading speed and end when it stops reading; cancelled calls stop their work
 * and hold their slot until it has stopped; UDP scans share a bounded set of threads.
 */
@QuarkusTest
@TestProfile(StreamProfile.class)
class StreamsAndCancelTest {

    @TestHTTPResource("/")
    URL url;

    @Inject
    AccessGuard guard;

    @Test
    void aScanStreamTheClientDoesNotReadPausesAndIsEnded() throws Exception {
        ManagedChannel channel = GrpcClients.nonReadingChannelFrom(Listeners.privateLoopback(), url.getPort());
        try {
            AtomicInteger results = new AtomicInteger();
            AtomicReference<Status> closed = new AtomicReference<>();
            ClientCall<ScanRequest, ScanEvent> call = channel.newCall(ProbeServiceGrpc.getScanMethod(), CallOptions.DEFAULT);
            call.start(new ClientCall.Listener<>() {
                @Override
                public void onMessage(ScanEvent message) {
                    if (message.hasResult()) {
                        results.incrementAndGet();
                    }
                }

                @Override
                public void onClose(Status status, Metadata trailers) {
                    closed.set(status);
                }
            }, new Metadata());
            call.sendMessage(ScanRequest.newBuilder().setHost(Listeners.privateLoopback().getHostAddress())
                    .setPorts("1-65535").setConcurrency(1024).setTimeoutMs(1000).build());
            call.halfClose();
            // the client reads nothing (no request()): the scan must pause, then be ended after the stall timeout
            Thread.sleep(StreamProfile.STALL_MS + 3000);
            call.request(Integer.MAX_VALUE);
            Await.until(() -> closed.get() != null, 20_000, "the stream ends");
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, closed.get().getCode(), closed.get().toString());
            assertTrue(closed.get().getDescription().contains("read nothing"), closed.get().getDescription());
            assertTrue(results.get() < 20_000, "only what fits the buffers was produced, not 65535: " + results.get());
            Await.until(() -> guard.inUse() == 0, 10_000, "the slot comes back once the lanes have stopped");
        } finally {
            GrpcClients.close(channel);
        }
    }

    @Test
    void aCancelledChurnStopsConnectingAndHoldsItsSlotUntilItHas() throws Exception {
        // 20000 connections at 50/s would run for 400 s; the client gives up after 1.5 s
        cancelledCallStops(1500, (stub, target, port) -> stub.churn(ChurnRequest.newBuilder().setHost(target)
                .setPort(port).setCount(20_000).setRatePerSecond(50).build()));
    }

    @Test
    void aCancelledWatchStopsSampling() throws Exception {
        cancelledCallStops(1000, (stub, target, port) -> stub.watch(WatchRequest.newBuilder().setHost(target)
                .setPort(port).setCount(1000).setIntervalMs(20).build()).forEachRemaining(ev -> { }));
    }

    /** A call against a counting sink. */
    @FunctionalInterface
    interface LongCall {
        void run(ProbeServiceGrpc.ProbeServiceBlockingStub stub, String target, int port);
    }

    /** Runs {@code call} with a deadline, then: the slot comes back once its work has stopped, and no more connects. */
    private void cancelledCallStops(long deadlineMs, LongCall call) throws Exception {
        try (Listeners l = new Listeners()) {
            InetAddress target = Listeners.privateLoopback();
            Listeners.CountingSink sink = l.countingSink(target);
            ManagedChannel channel = GrpcClients.channelFrom(Listeners.privateLoopback(), url.getPort());
            try {
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> call.run(ProbeServiceGrpc
                        .newBlockingStub(channel).withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS),
                        target.getHostAddress(), sink.port()));
                assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
                assertTrue(sink.accepted().get() > 0, "the call had started");
                Await.until(() -> guard.inUse() == 0, 5000, "the slot comes back once the work has stopped");
                int after = sink.accepted().get();
                Thread.sleep(1000);
                assertTrue(sink.accepted().get() - after <= 1, "no more connects after the cancel: "
                        + after + " then " + sink.accepted().get());
            } finally {
                GrpcClients.close(channel);
            }
        }
    }

    @Test
    void concurrentUdpScansShareABoundedSetOfThreads() throws Exception {
        int baseline = ManagementFactory.getThreadMXBean().getThreadCount();
        List<ManagedChannel> channels = new ArrayList<>();
        List<CompletableFuture<Integer>> scans = new ArrayList<>();
        AtomicInteger peak = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(20);
        try {
            for (int client = 0; client < 2; client++) {
                ManagedChannel ch = GrpcClients.channelFrom(Listeners.privateLoopback(), url.getPort());
                channels.add(ch);
                for (int i = 0; i < 10; i++) {
                    String host = Listeners.privateLoopback().getHostAddress();
                    scans.add(CompletableFuture.supplyAsync(() -> {
                        int[] n = {0};
                        GrpcClients.stub(ch).scan(ScanRequest.newBuilder().setHost(host).setPorts("1-3000")
                                .setProtocol(Protocol.UDP).setConcurrency(512).setTimeoutMs(500).build())
                                .forEachRemaining(ev -> n[0] += ev.hasResult() ? 1 : 0);
                        return n[0];
                    }, clients));
                }
            }
            while (!scans.stream().allMatch(CompletableFuture::isDone)) {
                peak.accumulateAndGet(ManagementFactory.getThreadMXBean().getThreadCount(), Math::max);
                Thread.sleep(20);
            }
            for (CompletableFuture<Integer> s : scans) {
                assertEquals(3000, s.get(), "every port answered");
            }
            int bound = baseline + 20 + 60; // one sweep thread per UDP scan + client threads + slack
            assertTrue(peak.get() <= bound, "threads peaked at " + peak.get() + " (baseline " + baseline
                    + "), at most " + bound + " expected: one sweep thread per lane, not one per port in flight");
        } finally {
            clients.shutdownNow();
            for (ManagedChannel ch : channels) {
                GrpcClients.close(ch);
            }
        }
    }
}
