package dev.l4lab.probe.rest;

import com.fasterxml.jackson.databind.util.RawValue;
import dev.l4lab.probe.error.ProbeException;
import dev.l4lab.probe.guard.Clients;
import dev.l4lab.probe.ops.ProbeOperations;
import dev.l4lab.probe.v1.ChurnRequest;
import dev.l4lab.probe.v1.ListSocketsRequest;
import dev.l4lab.probe.v1.Protocol;
import dev.l4lab.probe.v1.ScanRequest;
import dev.l4lab.probe.v1.TcpProbeRequest;
import dev.l4lab.probe.v1.UdpProbeRequest;
import dev.l4lab.probe.v1.WatchRequest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The REST mirror of ProbeService: same operations, same proto3 JSON field names (probe.proto documents
 * every field). Streams (scan, watch) are NDJSON: one ScanEvent / WatchEvent per line, written as the
 * client reads them.
 */
@Path("/api/v1")
@Guarded
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "probe", description = "The REST mirror of l4lab.probe.v1.ProbeService (bodies are the proto messages as proto3 JSON)")
public class ProbeResource {

    static final String NDJSON = "application/x-ndjson";

    private final ProbeOperations ops;

    public ProbeResource(ProbeOperations ops) {
        this.ops = ops;
    }

    @POST
    @Path("/tcp-probe")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "One TCP connect, like nc -vz (TcpProbeRequest -> TcpProbeResult)")
    public Uni<String> tcpProbe(String body, HttpServerRequest http) {
        return ops.tcpProbe(Clients.of(http), () -> ProtoJson.<TcpProbeRequest>parse(body,
                TcpProbeRequest.newBuilder())).map(ProtoJson::print);
    }

    @POST
    @Path("/udp-probe")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "One UDP datagram over a connected socket, like nc -vu (UdpProbeRequest -> UdpProbeResult)")
    public Uni<String> udpProbe(String body, HttpServerRequest http) {
        return ops.udpProbe(Clients.of(http), () -> ProtoJson.<UdpProbeRequest>parse(body,
                UdpProbeRequest.newBuilder())).map(ProtoJson::print);
    }

    @POST
    @Path("/scan")
    @Consumes(MediaType.WILDCARD)
    @Produces(NDJSON)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "A port scan: one ScanEvent per line (results, then the summary)")
    public Multi<RawValue> scan(String body, HttpServerRequest http) {
        return ops.scan(Clients.of(http), () -> ProtoJson.<ScanRequest>parse(body, ScanRequest.newBuilder()))
                .map(ProtoJson::printLine);
    }

    @POST
    @Path("/watch")
    @Consumes(MediaType.WILDCARD)
    @Produces(NDJSON)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "tcping / UDP ping: one WatchEvent per line (samples, then the statistics)")
    public Multi<RawValue> watch(String body, HttpServerRequest http) {
        return ops.watch(Clients.of(http), () -> ProtoJson.<WatchRequest>parse(body, WatchRequest.newBuilder()))
                .map(ProtoJson::printLine);
    }

    @GET
    @Path("/sockets")
    @Operation(summary = "The namespace's sockets, like ss -tuan (ListSocketsResponse)")
    public Uni<String> sockets(@QueryParam("protocol") String protocol, @QueryParam("state") String state,
                               @QueryParam("port") String port, @QueryParam("limit") String limit,
                               HttpServerRequest http) {
        return ops.listSockets(Clients.of(http), () -> {
            ListSocketsRequest.Builder b = ListSocketsRequest.newBuilder();
            if (protocol != null && !protocol.isEmpty()) {
                b.setProtocol(protocol(protocol));
            }
            if (state != null) {
                b.setState(state);
            }
            if (port != null && !port.isEmpty()) {
                b.setPort(number("port", port));
            }
            if (limit != null && !limit.isEmpty()) {
                b.setLimit(number("limit", limit));
            }
            return b.build();
        }).map(ProtoJson::print);
    }

    @GET
    @Path("/socket-summary")
    @Operation(summary = "The numbers behind ss -s (SocketSummaryResponse)")
    public Uni<String> socketSummary(HttpServerRequest http) {
        return ops.socketSummary(Clients.of(http)).map(ProtoJson::print);
    }

    @GET
    @Path("/host-limits")
    @Operation(summary = "Ephemeral ports, open files and the TCP sysctls (HostLimitsResponse)")
    public Uni<String> hostLimits(HttpServerRequest http) {
        return ops.hostLimits(Clients.of(http)).map(ProtoJson::print);
    }

    @POST
    @Path("/churn")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "N short TCP connections, TIME-WAIT before and after (ChurnRequest -> ChurnResponse)")
    public Uni<String> churn(String body, HttpServerRequest http) {
        return ops.churn(Clients.of(http), () -> ProtoJson.<ChurnRequest>parse(body, ChurnRequest.newBuilder()))
                .map(ProtoJson::print);
    }

    private static Protocol protocol(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "tcp" -> Protocol.TCP;
            case "udp" -> Protocol.UDP;
            default -> throw ProbeException.invalid("protocol", "'" + text + "' is not tcp or udp");
        };
    }

    /** ASCII digits only: Integer.parseInt would also take "+5" and full-width digits. */
    static int number(String field, String text) {
        if (!text.matches("[0-9]{1,9}")) {
            throw ProbeException.invalid(field, "'" + (text.length() > 32 ? text.substring(0, 32) + "..." : text)
                    + "' is not a number (ASCII digits)");
        }
        return Integer.parseInt(text);
    }
}
