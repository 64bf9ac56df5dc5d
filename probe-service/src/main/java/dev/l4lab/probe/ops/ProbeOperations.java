package dev.l4lab.probe.ops;

import com.google.protobuf.ByteString;
import dev.l4lab.probe.churn.ChurnSpec;
import dev.l4lab.probe.error.ProbeException;
import dev.l4lab.probe.exec.BlockingExecutor;
import dev.l4lab.probe.guard.Calls;
import dev.l4lab.probe.input.Expect;
import dev.l4lab.probe.input.Fields;
import dev.l4lab.probe.input.PortList;
import dev.l4lab.probe.limits.Limits;
import dev.l4lab.probe.metrics.ProbeMetrics;
import dev.l4lab.probe.net.FailureReason;
import dev.l4lab.probe.net.WireText;
import dev.l4lab.probe.policy.DnsFailure;
import dev.l4lab.probe.policy.ResolvedTarget;
import dev.l4lab.probe.policy.TargetPolicy;
import dev.l4lab.probe.scan.ScanSpec;
import dev.l4lab.probe.sockets.SocketTable;
import dev.l4lab.probe.sockets.TcpStates;
import dev.l4lab.probe.tcp.TcpProbeSpec;
import dev.l4lab.probe.udp.UdpOutcome;
import dev.l4lab.probe.v1.ChurnRequest;
import dev.l4lab.probe.v1.ChurnResponse;
import dev.l4lab.probe.v1.HostLimitsResponse;
import dev.l4lab.probe.v1.ListSocketsRequest;
import dev.l4lab.probe.v1.ListSocketsResponse;
import dev.l4lab.probe.v1.PortState;
import dev.l4lab.probe.v1.Protocol;
import dev.l4lab.probe.v1.ScanEvent;
import dev.l4lab.probe.v1.ScanRequest;
import dev.l4lab.probe.v1.SocketSummaryResponse;
import dev.l4lab.probe.v1.TcpProbeRequest;
import dev.l4lab.probe.v1.TcpProbeResult;
import dev.l4lab.probe.v1.UdpProbeRequest;
import dev.l4lab.probe.v1.UdpProbeResult;
import dev.l4lab.probe.v1.WatchEvent;
import dev.l4lab.probe.v1.WatchRequest;
import dev.l4lab.probe.watch.WatchSpec;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Every RPC once, for both gRPC and REST: turn the request into a checked spec (INVALID_ARGUMENT naming
 * the field, ranges from {@link Limits}), then run it through {@link Calls} (slot, metrics): resolve and
 * check the target on a worker thread, probe. Auth and the rate limit are applied before this, by the
 * transports. Requests come as suppliers so that a request that does not even parse is counted too.
 */
@ApplicationScoped
public class ProbeOperations {

    private static final byte[] DEFAULT_UDP_PAYLOAD = "l4\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final Calls calls;
    private final Limits limits;
    private final TargetPolicy policy;
    private final BlockingExecutor executor;
    private final ProbeMetrics metrics;
    private final Probers probers;

    public ProbeOperations(Calls calls, Limits limits, TargetPolicy policy, BlockingExecutor executor,
                           ProbeMetrics metrics, Probers probers) {
        this.calls = calls;
        this.limits = limits;
        this.policy = policy;
        this.executor = executor;
        this.metrics = metrics;
        this.probers = probers;
    }

    // ------------------------------------------------------------ TcpProbe

    public Uni<TcpProbeResult> tcpProbe(String client, Supplier<TcpProbeRequest> request) {
        return calls.unary("TcpProbe", client, () -> tcpSpec(request.get()), (spec, slot) -> resolve(spec.host())
                .onItem().transformToUni(t -> t.target() == null
                        ? Uni.createFrom().item(TcpProbeResult.newBuilder().setHost(spec.host()).setPort(spec.port())
                                .setState(PortState.DNS_FAILURE).setDnsMs(t.dnsMs()).setTotalMs(t.dnsMs())
                                .setError(t.error()).setReason(FailureReason.DNS.word).build())
                        : probers.tcp().probe(spec, t.target()))
                .invoke(res -> metrics.result("TcpProbe", res.getState().name())));
    }

    private TcpProbeSpec tcpSpec(TcpProbeRequest r) {
        String host = Fields.host(r.getHost());
        int port = limits.port.check(r.getPort());
        int timeout = limits.timeoutMs.check(r.getTimeoutMs());
        byte[] send = Fields.bytes(limits.send, r.getSend().toByteArray());
        Expect expect = Expect.compile(limits.expect, r.getExpect());
        int readTimeout = limits.readTimeoutMs.check(r.getReadTimeoutMs());
        if (readTimeout == 0 && (send.length > 0 || expect != null)) {
            readTimeout = timeout;
        }
        int maxBanner = limits.maxBannerBytes.check(r.getMaxBannerBytes());
        return new TcpProbeSpec(host, port, timeout, send, expect, readTimeout, maxBanner);
    }

    // ------------------------------------------------------------ UdpProbe

    private record UdpSpec(String host, int port, int timeoutMs, byte[] payload, Expect expect) {
    }

    public Uni<UdpProbeResult> udpProbe(String client, Supplier<UdpProbeRequest> request) {
        return calls.unary("UdpProbe", client, () -> {
            UdpProbeRequest r = request.get();
            return new UdpSpec(Fields.host(r.getHost()), limits.port.check(r.getPort()),
                    limits.timeoutMs.check(r.getTimeoutMs()), udpPayload(r.getPayload()),
                    Expect.compile(limits.expect, r.getExpect()));
        }, (spec, slot) -> executor.run(() -> {
            Resolution t = resolveBlocking(spec.host());
            if (t.target() == null) {
                return UdpProbeResult.newBuilder().setHost(spec.host()).setPort(spec.port())
                        .setState(PortState.DNS_FAILURE).setDnsMs(t.dnsMs()).setError(t.error())
                        .setReason(FailureReason.DNS.word).build();
            }
            UdpOutcome o = probers.udp().probe(t.target().address(), spec.port(), spec.payload(), spec.timeoutMs());
            return UdpProbeResult.newBuilder().setHost(spec.host()).setPort(spec.port())
                    .setState(o.state()).setResolvedAddress(t.target().addressText())
                    .setLocalAddress(o.localAddress()).setLocalPort(o.localPort())
                    .setDnsMs(t.target().dnsMs()).setRttMs(o.rttMs())
                    .setReply(ByteString.copyFrom(o.reply())).setReplyText(WireText.printable(o.reply()))
                    .setBytesSent(o.bytesSent()).setError(o.state() == PortState.OPEN ? "" : o.error())
                    .setReason(o.reasonWord()).build();
        }).onItem().transformToUni(res -> spec.expect() == null || res.getState() == PortState.DNS_FAILURE
                ? Uni.createFrom().item(res)
                : executor.match(() -> res.toBuilder().setExpectMatched(
                        spec.expect().find(res.getReply().toByteArray(), res.getReply().size())).build()))
                .invoke(res -> metrics.result("UdpProbe", res.getState().name())));
    }

    // ------------------------------------------------------------ Scan

    public Multi<ScanEvent> scan(String client, Supplier<ScanRequest> request) {
        return calls.<ScanSpec, ScanEvent>streaming("Scan", client, () -> {
            ScanRequest r = request.get();
            String host = Fields.host(r.getHost());
            var ports = PortList.parse(limits.ports, r.getPorts());
            Protocol protocol = protocol(r.getProtocol(), r.getProtocolValue());
            int concurrency = (protocol == Protocol.UDP ? limits.udpScanConcurrency : limits.tcpScanConcurrency)
                    .check(r.getConcurrency());
            int timeout = limits.timeoutMs.check(r.getTimeoutMs());
            return new ScanSpec(host, ports, protocol, concurrency, timeout, udpPayload(r.getPayload()), r.getOpenOnly());
        }, (spec, slot, box) -> resolve(spec.host()).subscribe().with(t -> {
            if (t.target() == null) {
                box.fail(ProbeException.invalid("host", t.error()));
                return;
            }
            probers.scanner().scan(spec, t.target(), slot, box,
                    counts -> counts.forEach((state, n) -> metrics.results("Scan", state.name(), n)));
        }, box::fail));
    }

    // ------------------------------------------------------------ Watch

    public Multi<WatchEvent> watch(String client, Supplier<WatchRequest> request) {
        return calls.<WatchSpec, WatchEvent>streaming("Watch", client, () -> {
            WatchRequest r = request.get();
            return new WatchSpec(Fields.host(r.getHost()), limits.port.check(r.getPort()),
                    protocol(r.getProtocol(), r.getProtocolValue()), limits.watchCount.check(r.getCount()),
                    limits.watchIntervalMs.check(r.getIntervalMs()), limits.timeoutMs.check(r.getTimeoutMs()),
                    udpPayload(r.getPayload()));
        }, (spec, slot, box) -> resolve(spec.host()).subscribe().with(t -> {
            if (t.target() == null) {
                box.fail(ProbeException.invalid("host", t.error()));
                return;
            }
            probers.watcher().watch(spec, t.target(), slot, box, state -> metrics.result("Watch", state.name()));
        }, box::fail));
    }

    // ------------------------------------------------------------ sockets and limits

    private record SocketQuery(Protocol protocol, String state, int port, int limit) {
    }

    public Uni<ListSocketsResponse> listSockets(String client, Supplier<ListSocketsRequest> request) {
        return calls.unary("ListSockets", client, () -> {
            ListSocketsRequest r = request.get();
            Protocol protocol = r.getProtocolValue() == 0 ? Protocol.PROTOCOL_UNSPECIFIED
                    : protocol(r.getProtocol(), r.getProtocolValue());
            String state = null;
            if (!r.getState().isEmpty()) {
                state = TcpStates.normalize(r.getState());
                if (state == null) {
                    throw ProbeException.invalid("state", "'" + r.getState() + "' is not a socket state "
                            + "(LISTEN, ESTAB, TIME-WAIT, SYN-SENT, SYN-RECV, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT, "
                            + "LAST-ACK, CLOSING, UNCONN)");
                }
            }
            return new SocketQuery(protocol, state, limits.listPort.check(r.getPort()), limits.listLimit.check(r.getLimit()));
        }, (q, slot) -> executor.run(() -> {
            SocketTable.Listing listing = probers.sockets().list(q.protocol(), q.state(), q.port(), q.limit());
            return ListSocketsResponse.newBuilder().addAllSockets(listing.shown()).setCount(listing.shown().size())
                    .setTotal(listing.total()).setTruncated(listing.shown().size() < listing.total()).build();
        }));
    }

    public Uni<SocketSummaryResponse> socketSummary(String client) {
        return calls.unary("SocketSummary", client, () -> "", (none, slot) -> executor.run(probers.summary()::read));
    }

    public Uni<HostLimitsResponse> hostLimits(String client) {
        return calls.unary("HostLimits", client, () -> "", (none, slot) -> executor.run(probers.hostLimits()::read));
    }

    // ------------------------------------------------------------ Churn

    public Uni<ChurnResponse> churn(String client, Supplier<ChurnRequest> request) {
        return calls.unary("Churn", client, () -> {
            ChurnRequest r = request.get();
            return new ChurnSpec(Fields.host(r.getHost()), limits.port.check(r.getPort()), limits.churnCount.check(r.getCount()),
                    limits.churnRate.check(r.getRatePerSecond()), limits.churnTimeoutMs.check(r.getTimeoutMs()));
        }, (spec, slot) -> executor.runSweep(() -> {
            Resolution t = resolveBlocking(spec.host());
            if (t.target() == null) {
                throw ProbeException.invalid("host", t.error());
            }
            return probers.churn().run(spec, t.target(), slot::isCancelled);
        }));
    }

    // ------------------------------------------------------------ plumbing

    private Uni<Resolution> resolve(String host) {
        return executor.run(() -> resolveBlocking(host));
    }

    private Resolution resolveBlocking(String host) {
        try {
            return new Resolution(policy.resolve(host), 0, null);
        } catch (DnsFailure e) {
            return new Resolution(null, e.dnsMs(), e.getMessage());
        }
    }

    /** The target, or why it did not resolve. Internal value, never JSON. */
    private record Resolution(ResolvedTarget target, double dnsMs, String error) {
    }

    private byte[] udpPayload(ByteString payload) {
        byte[] bytes = Fields.bytes(limits.payload, payload.toByteArray());
        return bytes.length == 0 ? DEFAULT_UDP_PAYLOAD : bytes;
    }

    private static Protocol protocol(Protocol protocol, int raw) {
        if (protocol == Protocol.UNRECOGNIZED) {
            throw ProbeException.invalid("protocol", "unknown protocol value " + raw + " (TCP or UDP)");
        }
        return protocol == Protocol.PROTOCOL_UNSPECIFIED ? Protocol.TCP : protocol;
    }
}
