package dev.l4lab.probe.blackbox;

import dev.l4lab.probe.guard.Clients;
import dev.l4lab.probe.rest.Guarded;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The blackbox_exporter's interface: GET /probe?target=HOST:PORT&module=NAME[&debug=true], answered in
 * Prometheus text format (debug=true: the probe's log, the metrics and the module, as plain text). Bad
 * module or target: 400 {"error","field"} naming the parameter. Token, rate limit, concurrency caps and
 * the target policy apply as on /api/v1.
 */
@Path("/probe")
@Guarded
@Tag(name = "blackbox", description = "blackbox_exporter-compatible probe for Prometheus")
public class BlackboxResource {

    private final BlackboxProbes probes;

    public BlackboxResource(BlackboxProbes probes) {
        this.probes = probes;
    }

    @GET
    @Produces({Exposition.CONTENT_TYPE, "text/plain"})
    @Operation(summary = "Probe TARGET with MODULE; Prometheus text format, or the probe's log with debug=true")
    public Uni<Response> probe(@QueryParam("target") String target, @QueryParam("module") String module,
                               @QueryParam("debug") String debug,
                               @HeaderParam("X-Prometheus-Scrape-Timeout-Seconds") String scrapeTimeout,
                               HttpServerRequest http) {
        return probes.probe(Clients.of(http), module, target, scrapeTimeout).map(a -> "true".equals(debug)
                ? Response.ok(Exposition.debug(a.report(), a.moduleYaml()), "text/plain").build()
                : Response.ok(Exposition.metrics(a.report()), Exposition.CONTENT_TYPE).build());
    }
}
