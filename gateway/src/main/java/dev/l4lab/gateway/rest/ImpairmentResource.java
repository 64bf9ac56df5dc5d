package dev.l4lab.gateway.rest;

import dev.l4lab.gateway.config.GatewayConfig;
import dev.l4lab.gateway.impair.Direction;
import dev.l4lab.gateway.impair.Impairment;
import dev.l4lab.gateway.impair.ImpairmentInput;
import dev.l4lab.gateway.impair.ImpairmentParser;
import dev.l4lab.gateway.impair.LossRule;
import dev.l4lab.gateway.impair.NetemSupport;
import dev.l4lab.gateway.kernel.CommandRunner;
import dev.l4lab.gateway.ruleset.Counter;
import dev.l4lab.gateway.ruleset.GatewayController;
import dev.l4lab.gateway.ruleset.NftScript;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** The impaired link: random loss per direction and protocol (nftables), delay/jitter/reorder (tc netem). */
@Path("/impairment")
@Produces(MediaType.APPLICATION_JSON)
public class ImpairmentResource {

    private final GatewayController controller;
    private final CommandRunner runner;
    private final int maxLossRules;
    private final JsonBodies json;

    public ImpairmentResource(GatewayController controller, CommandRunner runner, GatewayConfig config, JsonBodies json) {
        this.json = json;
        this.controller = controller;
        this.runner = runner;
        this.maxLossRules = config.impairment().maxLossRules();
    }

    @GET
    public Uni<ImpairmentView> get() {
        return runner.submit(() -> view(controller.impairment(), controller.refreshCounters()));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<ImpairmentView> put(String text) {
        ImpairmentInput body = json.read(text, ImpairmentInput.class, "{\"loss\":[{\"direction\":\"both\",\"protocol\":\"tcp\",\"percent\":5}]}");
        Impairment next = ImpairmentParser.parse(body, maxLossRules);
        return runner.submit(() -> view(controller.setImpairment(next), controller.refreshCounters()));
    }

    private ImpairmentView view(Impairment imp, Map<String, Counter> counters) {
        List<LossView> loss = imp.loss().stream().map(l -> {
            Counter c = Counter.ZERO;
            for (Direction d : l.direction() == Direction.BOTH ? List.of(Direction.INBOUND, Direction.OUTBOUND) : List.of(l.direction())) {
                c = c.plus(counters.getOrDefault(NftScript.lossKey(d, l), Counter.ZERO));
            }
            return lossView(l, c);
        }).toList();
        NetemSupport n = controller.netem();
        return new ImpairmentView(loss, imp.delayMs(), imp.jitterMs(), imp.reorderPercent(),
                new NetemView(n.supported(), n.detail()));
    }

    private static LossView lossView(LossRule l, Counter c) {
        return new LossView(l.direction().text(), l.protocolText(), l.percent(), c.packets(), c.bytes());
    }
}
