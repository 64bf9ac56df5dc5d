package dev.l4lab.gateway.rest;

import dev.l4lab.gateway.config.GatewayConfig;
import dev.l4lab.gateway.firewall.FirewallRule;
import dev.l4lab.gateway.firewall.RuleInput;
import dev.l4lab.gateway.firewall.SecurityGroup;
import dev.l4lab.gateway.kernel.CommandRunner;
import dev.l4lab.gateway.ruleset.Counter;
import dev.l4lab.gateway.ruleset.GatewayController;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** The security group: ordered rules with the kernel's counters; replace, add and delete rules. */
@Path("/firewall")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class FirewallResource {

    private final GatewayController controller;
    private final CommandRunner runner;
    private final int maxRules;
    private final JsonBodies json;

    public FirewallResource(GatewayController controller, CommandRunner runner, GatewayConfig config, JsonBodies json) {
        this.json = json;
        this.controller = controller;
        this.runner = runner;
        this.maxRules = config.firewall().maxRules();
    }

    @GET
    public Uni<FirewallView> get() {
        return runner.submit(() -> view(controller.securityGroup(), controller.refreshCounters()));
    }

    @PUT
    public Uni<FirewallView> replace(String text) {
        FirewallInput body = json.read(text, FirewallInput.class, "{\"defaultAction\":\"drop\",\"rules\":[...]}");
        return runner.submit(() -> view(controller.replaceFirewall(body.defaultAction(), body.rules()), controller.refreshCounters()));
    }

    @POST
    @Path("/rules")
    public Uni<Response> add(String text, @RestQuery Integer position) {
        RuleInput rule = json.read(text, RuleInput.class, "{\"protocol\":\"tcp\",\"port\":\"80\",\"action\":\"allow\"}");
        return runner.submit(() -> {
            FirewallRule added = controller.addRule(rule, position);
            return Response.status(201).entity(ruleView(added, Counter.ZERO)).build();
        });
    }

    @DELETE
    @Path("/rules/{id}")
    public Uni<RuleView> delete(@RestPath long id) {
        return runner.submit(() -> ruleView(controller.deleteRule(id), Counter.ZERO));
    }

    private FirewallView view(SecurityGroup sg, Map<String, Counter> counters) {
        Counter def = counters.getOrDefault("sg:default", Counter.ZERO).plus(counters.getOrDefault("sg:default-tcp", Counter.ZERO));
        List<RuleView> rules = sg.rules().stream()
                .map(r -> ruleView(r, counters.getOrDefault("sg:" + r.id(), Counter.ZERO))).toList();
        return new FirewallView(sg.defaultAction().text(), def.packets(), def.bytes(), rules, maxRules);
    }

    static RuleView ruleView(FirewallRule r, Counter c) {
        return new RuleView(r.id(), r.protocol().kernelName(), r.ports() == null ? null : r.ports().toString(),
                r.source().toString(), r.action().text(), r.description(), c.packets(), c.bytes());
    }
}
