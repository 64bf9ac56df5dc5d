package dev.l4lab.gateway.capture;

import dev.l4lab.gateway.api.ApiException;
import dev.l4lab.gateway.config.GatewayConfig;
import dev.l4lab.gateway.kernel.Command;
import dev.l4lab.gateway.kernel.CommandRunner;
import dev.l4lab.gateway.kernel.GatewayInterfaces;
import dev.l4lab.gateway.kernel.NetInterface;
import dev.l4lab.gateway.kernel.ToolRun;
import dev.l4lab.gateway.ruleset.GatewayController;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Packet capture with tcpdump in the gateway's namespace: "-i any -y LINUX_SLL2" (each packet records its
 * interface) restricted by "ifindex" to the chosen side(s), plus the client's BPF filter, ended by a packet
 * count or a time bound, whichever comes first. At most gateway.capture.max-concurrent run at once, each on
 * its own capture thread (so captures never hold up rule changes); a further request gets 429.
 */
@ApplicationScoped
public class CaptureService {

    private final GatewayConfig.Capture caps;
    private final CommandRunner runner;
    private final GatewayController controller;
    private final MeterRegistry registry;
    private final Semaphore slots;
    private final ExecutorService threads;

    public CaptureService(GatewayConfig config, CommandRunner runner, GatewayController controller, MeterRegistry registry) {
        this.caps = config.capture();
        this.runner = runner;
        this.controller = controller;
        this.registry = registry;
        this.slots = new Semaphore(caps.maxConcurrent());
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(caps.maxConcurrent(), r -> {
            Thread t = new Thread(r, "gateway-capture-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public Uni<Capture> capture(CaptureSpec request) {
        return Uni.createFrom().deferred(() -> {
            controller.requireReady();
            GatewayInterfaces ifs = controller.interfaces();
            if (!slots.tryAcquire()) {
                registry.counter("gateway.rejected.requests", "reason", "capture-busy").increment();
                return Uni.createFrom().failure(ApiException.busy("a capture is already running in each of the "
                        + caps.maxConcurrent() + " slots (gateway.capture.max-concurrent); try again when one ends"));
            }
            AtomicBoolean released = new AtomicBoolean();
            return Uni.createFrom().item(() -> run(request, ifs)).runSubscriptionOn(threads)
                    .onTermination().invoke(() -> {
                        if (released.compareAndSet(false, true)) {
                            slots.release();
                        }
                    });
        });
    }

    private Capture run(CaptureSpec req, GatewayInterfaces ifs) {
        List<NetInterface> chosen = switch (req.where()) {
            case OUTSIDE -> List.of(ifs.outside());
            case LAB -> List.of(ifs.lab());
            case BOTH -> List.of(ifs.outside(), ifs.lab());
        };
        StringBuilder f = new StringBuilder("(");
        for (int i = 0; i < chosen.size(); i++) {
            f.append(i == 0 ? "" : " or ").append("ifindex ").append(chosen.get(i).index());
        }
        f.append(')');
        if (!req.filter().isEmpty()) {
            f.append(" and (").append(req.filter()).append(')');
        }
        String filter = f.toString();
        ToolRun compiled = runner.run(Command.of("tcpdump", "-d", "-i", "any", "-y", "LINUX_SLL2", "--", filter)
                .withTimeout(Duration.ofSeconds(5)).withMaxStdout(1 << 20));
        if (!compiled.ok()) {
            registry.counter("gateway.captures", "outcome", "bad-filter").increment();
            throw ApiException.badInput("filter", "tcpdump cannot compile the filter: " + firstLine(compiled.stderr()));
        }
        ToolRun r = runner.run(Command.of(List.of("tcpdump", "-i", "any", "-y", "LINUX_SLL2", "-n", "-U",
                        "-s", Integer.toString(req.snaplen()), "-c", Integer.toString(req.count()), "-w", "-", "--", filter))
                .stoppingAfter(Duration.ofSeconds(req.seconds())).withMaxStdout(req.maxBytes()));
        if (!r.ok() && r.stdout().length == 0) {
            registry.counter("gateway.captures", "outcome", "failed").increment();
            throw ApiException.kernelRefused(null, "tcpdump failed: " + r.failureText());
        }
        registry.counter("gateway.captures", "outcome", "ok").increment();
        Map<Integer, String> names = new HashMap<>();
        Map<Integer, String> sides = new HashMap<>();
        names.put(ifs.outside().index(), ifs.outside().name());
        names.put(ifs.lab().index(), ifs.lab().name());
        sides.put(ifs.outside().index(), "outside");
        sides.put(ifs.lab().index(), "lab");
        return new Capture(r.stdout(), PcapReader.countRecords(r.stdout()), names, sides);
    }

    public Timeline timeline(Capture c, String filter) {
        List<TimelinePacket> packets = new ArrayList<>(PcapReader.decode(c.pcap(), c.interfaceNames(), c.sides()));
        int outside = (int) packets.stream().filter(p -> "outside".equals(p.side())).count();
        int lab = (int) packets.stream().filter(p -> "lab".equals(p.side())).count();
        return new Timeline(packets, packets.size(), outside, lab, filter);
    }

    private static String firstLine(String s) {
        String t = s == null ? "" : s.strip();
        for (String line : t.split("\n")) {
            if (!line.startsWith("tcpdump: data link type")) {
                return line;
            }
        }
        return t;
    }

    @PreDestroy
    void stop() {
        threads.shutdownNow();
    }
}
