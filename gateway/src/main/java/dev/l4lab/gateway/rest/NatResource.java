package dev.l4lab.gateway.rest;

import dev.l4lab.gateway.config.GatewayConfig;
import dev.l4lab.gateway.kernel.CommandRunner;
import dev.l4lab.gateway.kernel.GatewayInterfaces;
import dev.l4lab.gateway.kernel.NetInterface;
import dev.l4lab.gateway.ruleset.Counter;
import dev.l4lab.gateway.ruleset.GatewayController;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The port mappings (DNAT on the outside address) and MASQUERADE on the lab side, with their counters. */
@Path("/nat")
@Produces(MediaType.APPLICATION_JSON)
public class NatResource {

    private final GatewayController controller;
    private final CommandRunner runner;
    private final String allocation;

    public NatResource(GatewayController controller, CommandRunner runner, GatewayConfig config) {
        this.controller = controller;
        this.runner = runner;
        this.allocation = config.nat().portAllocation().name().toLowerCase(Locale.ROOT);
    }

    @GET
    public Uni<NatView> get() {
        return runner.submit(() -> {
            Map<String, Counter> counters = controller.refreshCounters();
            GatewayInterfaces ifs = controller.interfaces();
            List<MappingView> maps = controller.mappings().stream().map(m -> new MappingView(
                    m.mapping().name(), m.mapping().protocol().kernelName(), m.mapping().port(),
                    ifs.outside().address() + ":" + m.mapping().port(),
                    m.mapping().targetHost() + ":" + m.mapping().targetPort(),
                    m.targetAddress() + ":" + m.mapping().targetPort(),
                    counters.getOrDefault("map:" + m.mapping().name(), Counter.ZERO).packets())).toList();
            return new NatView(iface(ifs.outside()), iface(ifs.lab()), allocation, maps,
                    counters.getOrDefault("masquerade", Counter.ZERO).packets());
        });
    }

    static InterfaceView iface(NetInterface i) {
        return i == null ? null : new InterfaceView(i.name(), i.index(), i.address(), i.network().toString());
    }
}
