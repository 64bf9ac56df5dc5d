package dev.l4lab.probe.api;

import com.google.protobuf.ByteString;
import dev.l4lab.probe.churn.ChurnRunner;
import dev.l4lab.probe.churn.ChurnSpec;
import dev.l4lab.probe.config.ProbeConfig;
import dev.l4lab.probe.exec.BlockingExecutor;
import dev.l4lab.probe.guard.AccessGuard;
import dev.l4lab.probe.limits.HostLimitsReader;
import dev.l4lab.probe.metrics.ProbeMetrics;
import dev.l4lab.probe.policy.DnsFailure;
import dev.l4lab.probe.policy.ResolvedTarget;
import dev.l4lab.probe.policy.TargetPolicy;
import dev.l4lab.probe.scan.PortRanges;
import dev.l4lab.probe.scan.ScanSpec;
import dev.l4lab.probe.scan.Scanner;
import dev.l4lab.probe.sockets.SocketSummaryReader;
import dev.l4lab.probe.sockets.SocketTable;
import dev.l4lab.probe.sockets.TcpStates;
import dev.l4lab.probe.tcp.TcpProbeSpec;
import dev.l4lab.probe.tcp.TcpProber;
import dev.l4lab.probe.tcp.Texts;
import dev.l4lab.probe.udp.UdpOutcome;
import dev.l4lab.probe.udp.UdpProber;
import dev.l4lab.probe.v1.ChurnRequest;
import dev.l4lab.probe.v1.ChurnResponse;
import dev.l4lab.probe.v1.HostLimitsResponse;
import dev.l4lab.probe.v1.ListSocketsRequest;
import dev.l4lab.probe.v1.ListSocketsResponse;
import dev.l4lab.probe.v1.PortState;
import dev.l4lab.probe.v1.Protocol;
import dev.l4lab.probe.v1.ScanEvent;
import dev.l4lab.probe.v1.ScanRequest;
import dev.l4lab.probe.v1.SocketEntry;
import dev.l4lab.probe.v1.SocketSummaryResponse;
import dev.l4lab.probe.v1.TcpProbeRequest;
import dev.l4lab.probe.v1.TcpProbeResult;
import dev.l4lab.probe.v1.UdpProbeRequest;
import dev.l4lab.probe.v1.UdpProbeResult;
import dev.l4lab.probe.v1.WatchEvent;
import dev.l4lab.probe.v1.WatchRequest;
import dev.l4lab.probe.watch.WatchSpec;
import dev.l4lab.probe.watch.Watcher;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every RPC once, for both gRPC and REST: validate (INVALID_ARGUMENT naming the field), resolve and
 * check the target on a worker thread, take a global concurrency slot, run, count metrics.
 * Auth and the per-client rate limit are applied before this, by the transport adapters.
 */
@ApplicationScoped
public class ProbeOperations {

    private static final byte[] DEFAULT_UDP_PAYLOAD = "l4\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final ProbeConfig config;
    private final TargetPolicy policy;
    private final AccessGuard guard;
    private final BlockingExecutor workers;
    private final ProbeMetrics metrics;
    private final TcpProber tcpProber;
    private final UdpProber udpProber;
    private final Scanner scanner;
    private final Watcher watcher;
    private final SocketTable sockets;
    private final SocketSummaryReader summaryReader;
    private final HostLimitsReader limitsReader;
    private final ChurnRunner churnRunner;

    public ProbeOperations(ProbeConfig config, TargetPolicy policy, AccessGuard guard, BlockingExecutor workers,
                           ProbeMetrics metrics, TcpProber tcpProber, UdpProber udpProber, Scanner scanner,
                           Watcher watcher, SocketTable sockets, SocketSummaryReader summaryReader,
                           HostLimitsReader limitsReader, ChurnRunner churnRunner) {
        this.config = config;
        this.policy = policy;
        this.guard = guard;
        this.workers = workers;
        this.metrics = metrics;
        this.tcpProber = tcpProber;
        this.udpProber = udpProber;
        this.scanner = scanner;
        this.watcher = watcher;
        this.sockets = sockets;
        this.summaryReader = summaryReader;
        this.limitsReader = limitsReader;
        this.churnRunner = churnRunner;
    }

    // ------------------------------------------------------------ TcpProbe

    public Uni<TcpProbeResult> tcpProbe(TcpProbeRequest r) {
        return unary("TcpProbe", () -> {
            String host = Fields.host(r.getHost());
            int port = Fields.port("port", r.getPort());
            int timeout = timeout("timeoutMs", r.getTimeoutMs());
            byte[] send = Fields.payload("send", r.getSend().toByteArray(), maxPayload());
            Pattern expect = Fields.regex("expect", r.getExpect());
            int readTimeout = Fields.range("readTimeoutMs", r.getReadTimeoutMs(), 0, 60_000);
            if (readTimeout == 0 && (send.length > 0 || expect != null)) {
                readTimeout = timeout;
            }
            int maxBanner = Fields.orDefault("maxBannerBytes", r.getMaxBannerBytes(), 1, 65_536, 1024);
            TcpProbeSpec spec = new TcpProbeSpec(host, port, timeout, send, expect, readTimeout, maxBanner);
            return resolve(host).onItem().transformToUni(t -> t.target == null
                    ? Uni.createFrom().item(TcpProbeResult.newBuilder().setHost(host).setPort(port)
                            .setState(PortState.DNS_FAILURE).setDnsMs(t.dnsMs).setTotalMs(t.dnsMs)
                            .setError(t.error).build())
                    : tcpProber.probe(spec, t.target))
                    .invoke(res -> metrics.result("TcpProbe", res.getState().name()));
        });
    }

    // ------------------------------------------------------------ UdpProbe

    public Uni<UdpProbeResult> udpProbe(UdpProbeRequest r) {
        return unary("UdpProbe", () -> {
            String host = Fields.host(r.getHost());
            int port = Fields.port("port", r.getPort());
            int timeout = timeout("timeoutMs", r.getTimeoutMs());
            byte[] payload = udpPayload("payload", r.getPayload());
            Pattern expect = Fields.regex("expect", r.getExpect());
            return workers.run(() -> {
                Resolution t = resolveBlocking(host);
                if (t.target == null) {
                    return UdpProbeResult.newBuilder().setHost(host).setPort(port).setState(PortState.DNS_FAILURE)
                            .setDnsMs(t.dnsMs).setError(t.error).build();
                }
                UdpOutcome o = udpProber.probe(t.target.address(), port, payload, timeout);
                UdpProbeResult.Builder b = UdpProbeResult.newBuilder().setHost(host).setPort(port)
                        .setState(o.state()).setResolvedAddress(t.target.addressText())
                        .setLocalAddress(o.localAddress()).setLocalPort(o.localPort())
                        .setDnsMs(t.target.dnsMs()).setRttMs(o.rttMs())
                        .setReply(ByteString.copyFrom(o.reply())).setReplyText(Texts.printable(o.reply()))
                        .setBytesSent(o.bytesSent()).setError(o.state() == PortState.OPEN ? "" : o.error());
                if (expect != null) {
                    b.setExpectMatched(expect.matcher(Texts.latin1(o.reply())).find());
                }
                return b.build();
            }).invoke(res -> metrics.result("UdpProbe", res.getState().name()));
        });
    }

    // ------------------------------------------------------------ Scan

    public Multi<ScanEvent> scan(ScanRequest r) {
        return streaming("Scan", () -> {
            String host = Fields.host(r.getHost());
            int[] ports = PortRanges.parse("ports", r.getPorts());
            Protocol protocol = protocol("protocol", r.getProtocol(), r.getProtocolValue());
            int dflt = protocol == Protocol.UDP ? 64 : 512;
            int concurrency = Fields.orDefault("concurrency", r.getConcurrency(), 1,
                    config.limits().maxScanConcurrency(), Math.min(dflt, config.limits().maxScanConcurrency()));
            int timeout = timeout("timeoutMs", r.getTimeoutMs());
            byte[] payload = udpPayload("payload", r.getPayload());
            ScanSpec spec = new ScanSpec(host, ports, protocol, concurrency, timeout, payload, r.getOpenOnly());
            return resolve(host).onItem().transformToMulti(t -> {
                if (t.target == null) {
                    throw new ProbeException(ProbeException.Kind.INVALID_ARGUMENT, "host", "host: " + t.error);
                }
                return scanner.scan(spec, t.target,
                        counts -> counts.forEach((state, n) -> metrics.results("Scan", state.name(), n)));
            });
        });
    }

    // ------------------------------------------------------------ Watch

    public Multi<WatchEvent> watch(WatchRequest r) {
        return streaming("Watch", () -> {
            String host = Fields.host(r.getHost());
            int port = Fields.port("port", r.getPort());
            Protocol protocol = protocol("protocol", r.getProtocol(), r.getProtocolValue());
            int count = Fields.orDefault("count", r.getCount(), 1, 1000, 5);
            int interval = Fields.orDefault("intervalMs", r.getIntervalMs(), 10, 60_000, 1000);
            int timeout = timeout("timeoutMs", r.getTimeoutMs());
            byte[] payload = udpPayload("payload", r.getPayload());
            WatchSpec spec = new WatchSpec(host, port, protocol, count, interval, timeout, payload);
            return resolve(host).onItem().transformToMulti(t -> {
                if (t.target == null) {
                    throw new ProbeException(ProbeException.Kind.INVALID_ARGUMENT, "host", "host: " + t.error);
                }
                return watcher.watch(spec, t.target, state -> metrics.result("Watch", state.name()));
            });
        });
    }

    // ------------------------------------------------------------ sockets and limits

    public Uni<ListSocketsResponse> listSockets(ListSocketsRequest r) {
        return unary("ListSockets", () -> {
            Protocol protocol = r.getProtocolValue() == 0 ? Protocol.PROTOCOL_UNSPECIFIED
                    : protocol("protocol", r.getProtocol(), r.getProtocolValue());
            String state = null;
            if (!r.getState().isBlank()) {
                state = TcpStates.normalize(r.getState());
                if (state == null) {
                    throw ProbeException.invalid("state", "'" + r.getState() + "' is not a socket state "
                            + "(LISTEN, ESTAB, TIME-WAIT, SYN-SENT, SYN-RECV, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT, "
                            + "LAST-ACK, CLOSING, UNCONN)");
                }
            }
            int port = Fields.range("port", r.getPort(), 0, 65535);
            int limit = Fields.orDefault("limit", r.getLimit(), 1, 100_000, 10_000);
            String wanted = state;
            return workers.run(() -> {
                List<SocketEntry> list = sockets.list(protocol, wanted, port);
                List<SocketEntry> shown = list.size() > limit ? list.subList(0, limit) : list;
                return ListSocketsResponse.newBuilder().addAllSockets(shown).setCount(shown.size())
                        .setTotal(list.size()).setTruncated(shown.size() < list.size()).build();
            });
        });
    }

    public Uni<SocketSummaryResponse> socketSummary() {
        return unary("SocketSummary", () -> workers.run(summaryReader::read));
    }

    public Uni<HostLimitsResponse> hostLimits() {
        return unary("HostLimits", () -> workers.run(limitsReader::read));
    }

    // ------------------------------------------------------------ Churn

    public Uni<ChurnResponse> churn(ChurnRequest r) {
        return unary("Churn", () -> {
            String host = Fields.host(r.getHost());
            int port = Fields.port("port", r.getPort());
            int count = Fields.range("count", r.getCount(), 1, config.limits().maxChurnConnections());
            int rate = Fields.orDefault("ratePerSecond", r.getRatePerSecond(), 1, config.limits().maxChurnRate(),
                    Math.min(1000, config.limits().maxChurnRate()));
            int timeout = Fields.orDefault("timeoutMs", r.getTimeoutMs(), 1, 10_000, 1000);
            ChurnSpec spec = new ChurnSpec(host, port, count, rate, timeout);
            return workers.runLong(() -> {
                Resolution t = resolveBlocking(host);
                if (t.target == null) {
                    throw new ProbeException(ProbeException.Kind.INVALID_ARGUMENT, "host", "host: " + t.error);
                }
                return churnRunner.run(spec, t.target);
            });
        });
    }

    // ------------------------------------------------------------ plumbing

    private <T> Uni<T> unary(String rpc, java.util.function.Supplier<Uni<T>> work) {
        long start = System.nanoTime();
        return guard.limit(Uni.createFrom().<T>deferred(() -> work.get()))
                .onItemOrFailure().invoke((item, failure) -> metrics.call(rpc, outcome(failure), start));
    }

    private <T> Multi<T> streaming(String rpc, java.util.function.Supplier<Multi<T>> work) {
        long start = System.nanoTime();
        return guard.limit(Multi.createFrom().<T>deferred(() -> work.get()))
                .onFailure().invoke(f -> metrics.call(rpc, outcome(f), start))
                .onCompletion().invoke(() -> metrics.call(rpc, "OK", start));
    }

    private static String outcome(Throwable failure) {
        if (failure == null) {
            return "OK";
        }
        return failure instanceof ProbeException p ? p.kind().name() : "INTERNAL";
    }

    private Uni<Resolution> resolve(String host) {
        return workers.run(() -> resolveBlocking(host));
    }

    private Resolution resolveBlocking(String host) {
        try {
            return new Resolution(policy.resolve(host), 0, null);
        } catch (DnsFailure e) {
            return new Resolution(null, e.dnsMs(), e.getMessage());
        }
    }

    /** Internal value (never JSON); registered only to keep the native lint's heuristic quiet. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    private record Resolution(ResolvedTarget target, double dnsMs, String error) {
    }

    private int timeout(String field, int value) {
        return Fields.orDefault(field, value, 1, 60_000, config.defaults().timeoutMs());
    }

    private int maxPayload() {
        return config.limits().maxPayloadBytes();
    }

    private byte[] udpPayload(String field, ByteString payload) {
        byte[] bytes = Fields.payload(field, payload.toByteArray(), maxPayload());
        return bytes.length == 0 ? DEFAULT_UDP_PAYLOAD : bytes;
    }

    private static Protocol protocol(String field, Protocol protocol, int raw) {
        if (protocol == Protocol.UNRECOGNIZED) {
            throw ProbeException.invalid(field, "unknown protocol value " + raw + " (TCP or UDP)");
        }
        return protocol == Protocol.PROTOCOL_UNSPECIFIED ? Protocol.TCP : protocol;
    }
}
