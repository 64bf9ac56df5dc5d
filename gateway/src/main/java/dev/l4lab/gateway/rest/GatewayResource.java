package dev.l4lab.gateway.rest;

import dev.l4lab.gateway.config.GatewayConfig;
import dev.l4lab.gateway.impair.NetemSupport;
import dev.l4lab.gateway.kernel.CommandRunner;
import dev.l4lab.gateway.ruleset.GatewayController;
import dev.l4lab.gateway.ruleset.GatewayStatus;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** What the gateway is and where it stands; the rule set as the kernel holds it, and as it was sent. */
@Path("/")
public class GatewayResource {

    private final GatewayController controller;
    private final CommandRunner runner;
    private final GatewayConfig config;

    public GatewayResource(GatewayController controller, CommandRunner runner, GatewayConfig config) {
        this.controller = controller;
        this.runner = runner;
        this.config = config;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public StatusView status() {
        GatewayStatus s = controller.status();
        NetemSupport n = controller.netem();
        return new StatusView(s.phase().name(), s.detail(), config.kernel().netns().orElse(null), s.netnsInode(),
                s.interfaces() == null ? null : NatResource.iface(s.interfaces().outside()),
                s.interfaces() == null ? null : NatResource.iface(s.interfaces().lab()), s.timeoutMechanism(),
                new NetemView(n.supported(), n.detail()), "ip " + config.kernel().table(), s.appliedTransactions());
    }

    /** "nft list table ip l4lab": the live rule set with its counters. */
    @GET
    @Path("/ruleset")
    @Produces(MediaType.TEXT_PLAIN)
    public Uni<String> ruleset() {
        return runner.submit(controller::liveRuleset);
    }

    /** The last transaction the gateway handed to "nft -f -". */
    @GET
    @Path("/ruleset/script")
    @Produces(MediaType.TEXT_PLAIN)
    public Uni<String> script() {
        return runner.submit(() -> {
            controller.requireReady();
            return controller.lastScript();
        });
    }
}
