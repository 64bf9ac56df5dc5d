package dev.l4lab.probe.rest;

import com.fasterxml.jackson.databind.util.RawValue;
import dev.l4lab.probe.api.ProbeException;
import dev.l4lab.probe.api.ProbeOperations;
import dev.l4lab.probe.v1.ChurnRequest;
import dev.l4lab.probe.v1.ListSocketsRequest;
import dev.l4lab.probe.v1.Protocol;
import dev.l4lab.probe.v1.ScanRequest;
import dev.l4lab.probe.v1.TcpProbeRequest;
import dev.l4lab.probe.v1.UdpProbeRequest;
import dev.l4lab.probe.v1.WatchRequest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The REST mirror of ProbeService: same operations, same proto3 JSON field names.
 * Streams (scan, watch) are NDJSON: one ScanEvent / WatchEvent per line, flushed as it happens.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class ProbeResource {

    static final String NDJSON = "application/x-ndjson";

    private final ProbeOperations ops;

    public ProbeResource(ProbeOperations ops) {
        this.ops = ops;
    }

    @POST
    @Path("/tcp-probe")
    @Consumes(MediaType.WILDCARD)
    public Uni<String> tcpProbe(String body) {
        return Uni.createFrom().deferred(() -> ops.tcpProbe(ProtoJson.parse(body, TcpProbeRequest.newBuilder()).build()))
                .map(ProtoJson::print);
    }

    @POST
    @Path("/udp-probe")
    @Consumes(MediaType.WILDCARD)
    public Uni<String> udpProbe(String body) {
        return Uni.createFrom().deferred(() -> ops.udpProbe(ProtoJson.parse(body, UdpProbeRequest.newBuilder()).build()))
                .map(ProtoJson::print);
    }

    @POST
    @Path("/scan")
    @Consumes(MediaType.WILDCARD)
    @Produces(NDJSON)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<RawValue> scan(String body) {
        ScanRequest request = ProtoJson.parse(body, ScanRequest.newBuilder()).build();
        return ops.scan(request).map(ProtoJson::printLine);
    }

    @POST
    @Path("/watch")
    @Consumes(MediaType.WILDCARD)
    @Produces(NDJSON)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<RawValue> watch(String body) {
        WatchRequest request = ProtoJson.parse(body, WatchRequest.newBuilder()).build();
        return ops.watch(request).map(ProtoJson::printLine);
    }

    @GET
    @Path("/sockets")
    public Uni<String> sockets(@QueryParam("protocol") String protocol, @QueryParam("state") String state,
                               @QueryParam("port") String port, @QueryParam("limit") String limit) {
        return Uni.createFrom().deferred(() -> {
            ListSocketsRequest.Builder b = ListSocketsRequest.newBuilder();
            if (protocol != null && !protocol.isBlank()) {
                b.setProtocol(protocol(protocol));
            }
            if (state != null) {
                b.setState(state);
            }
            if (port != null && !port.isBlank()) {
                b.setPort(number("port", port));
            }
            if (limit != null && !limit.isBlank()) {
                b.setLimit(number("limit", limit));
            }
            return ops.listSockets(b.build());
        }).map(ProtoJson::print);
    }

    @GET
    @Path("/socket-summary")
    public Uni<String> socketSummary() {
        return ops.socketSummary().map(ProtoJson::print);
    }

    @GET
    @Path("/host-limits")
    public Uni<String> hostLimits() {
        return ops.hostLimits().map(ProtoJson::print);
    }

    @POST
    @Path("/churn")
    @Consumes(MediaType.WILDCARD)
    public Uni<String> churn(String body) {
        return Uni.createFrom().deferred(() -> ops.churn(ProtoJson.parse(body, ChurnRequest.newBuilder()).build()))
                .map(ProtoJson::print);
    }

    private static Protocol protocol(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "tcp" -> Protocol.TCP;
            case "udp" -> Protocol.UDP;
            default -> throw ProbeException.invalid("protocol", "'" + text + "' is not tcp or udp");
        };
    }

    private static int number(String field, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw ProbeException.invalid(field, "'" + text + "' is not a number");
        }
    }
}
