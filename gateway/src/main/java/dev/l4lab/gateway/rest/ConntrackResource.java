package dev.l4lab.gateway.rest;

import dev.l4lab.gateway.api.ApiException;
import dev.l4lab.gateway.config.GatewayConfig;
import dev.l4lab.gateway.conntrack.ConntrackFilter;
import dev.l4lab.gateway.conntrack.ConntrackListing;
import dev.l4lab.gateway.conntrack.ConntrackSettings;
import dev.l4lab.gateway.conntrack.ConntrackSummary;
import dev.l4lab.gateway.conntrack.ConntrackTable;
import dev.l4lab.gateway.conntrack.SettingsInput;
import dev.l4lab.gateway.kernel.CommandRunner;
import dev.l4lab.gateway.net.Ipv4Cidr;
import dev.l4lab.gateway.net.Protocol;
import dev.l4lab.gateway.ruleset.GatewayController;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import java.util.Set;
import org.jboss.resteasy.reactive.RestQuery;

/** The gateway's connection-tracking table, its summary and settings, and a flush. */
@Path("/conntrack")
@Produces(MediaType.APPLICATION_JSON)
public class ConntrackResource {

    private static final Set<String> TCP_STATES = Set.of("NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT",
            "CLOSE_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE", "SYN_SENT2");

    private final GatewayController controller;
    private final CommandRunner runner;
    private final ConntrackTable table;
    private final GatewayConfig.Conntrack limits;
    private final JsonBodies json;

    public ConntrackResource(GatewayController controller, CommandRunner runner, GatewayConfig config, JsonBodies json) {
        this.json = json;
        this.controller = controller;
        this.runner = runner;
        this.table = new ConntrackTable(runner, config.kernel().commandTimeout());
        this.limits = config.conntrack();
    }

    @GET
    public Uni<ConntrackListing> list(@RestQuery String protocol, @RestQuery String state, @RestQuery Integer port,
                                      @RestQuery String address, @RestQuery Integer limit) {
        ConntrackFilter filter = filter(protocol, state, port, address);
        int max = limit == null ? limits.defaultLimit() : limit;
        if (max < 1 || max > limits.maxLimit()) {
            throw ApiException.badInput("limit", "limit must be between 1 and " + limits.maxLimit() + ", got " + max);
        }
        return runner.submit(() -> {
            controller.requireReady();
            return table.list(filter, max);
        });
    }

    @GET
    @Path("/summary")
    public Uni<ConntrackSummary> summary() {
        return runner.submit(() -> {
            controller.requireReady();
            return table.summary();
        });
    }

    @DELETE
    public Uni<FlushView> flush() {
        return runner.submit(() -> {
            controller.requireReady();
            return new FlushView(table.flush());
        });
    }

    @GET
    @Path("/settings")
    public Uni<ConntrackSettings> settings() {
        return runner.submit(controller::conntrackSettings);
    }

    @PUT
    @Path("/settings")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ConntrackSettings> update(String text) {
        SettingsInput body = json.read(text, SettingsInput.class, "{\"tcpEstablishedSeconds\":30}");
        return runner.submit(() -> controller.updateConntrackSettings(body));
    }

    static ConntrackFilter filter(String protocol, String state, Integer port, String address) {
        String p = null;
        if (protocol != null && !protocol.isBlank()) {
            Protocol parsed = Protocol.parse(protocol);
            if (parsed == null) {
                throw ApiException.badInput("protocol", "protocol must be one of tcp, udp, icmp, got \"" + clip(protocol) + "\"");
            }
            p = parsed.kernelName();
        }
        String s = null;
        if (state != null && !state.isBlank()) {
            s = state.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            if (!TCP_STATES.contains(s)) {
                throw ApiException.badInput("state", "state must be a conntrack TCP state (ESTABLISHED, SYN_SENT, TIME_WAIT, ...), got \""
                        + clip(state) + "\"");
            }
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw ApiException.badInput("port", "port must be between 1 and 65535, got " + port);
        }
        String a = null;
        if (address != null && !address.isBlank()) {
            try {
                a = Ipv4Cidr.format(Ipv4Cidr.parseAddress(address.trim(), address));
            } catch (IllegalArgumentException e) {
                throw ApiException.badInput("address", e.getMessage());
            }
        }
        return new ConntrackFilter(p, s, port, a);
    }

    private static String clip(String s) {
        return s.length() > 20 ? s.substring(0, 20) + "..." : s;
    }
}
