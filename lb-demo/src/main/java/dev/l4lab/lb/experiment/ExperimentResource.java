package dev.l4lab.lb.experiment;

import dev.l4lab.lb.rest.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletionStage;

/**
 * POST /experiments/l4-vs-l7 on the admin API. Parameters in the JSON body or the query string:
 * protocol (http1, the default, or h2c); for HTTP/1.1 requests (1-10000, default 300), concurrency (1-64, default
 * 4), keepAlive (default true), proxyProtocol (default false); for h2c streams (1-1000, default 120) and
 * connections (1-8, default 2). JSON by default; a text table with ?format=text or Accept: text/plain.
 */
@Path("/experiments")
public class ExperimentResource {

    private final L4VsL7Experiment experiment;

    public ExperimentResource(L4VsL7Experiment experiment) {
        this.experiment = experiment;
    }

    /** With a JSON body. */
    @POST
    @Path("l4-vs-l7")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public CompletionStage<Response> l4VsL7(ExperimentParams.Body body,
            @QueryParam("requests") String requests, @QueryParam("concurrency") String concurrency,
            @QueryParam("keepAlive") String keepAlive, @QueryParam("proxyProtocol") String proxyProtocol,
            @QueryParam("protocol") String protocol, @QueryParam("streams") String streams,
            @QueryParam("connections") String connections,
            @QueryParam("format") String format, @HeaderParam("Accept") String accept) {
        if (format != null && !format.equalsIgnoreCase("text") && !format.equalsIgnoreCase("json")) {
            throw ApiException.badRequest("format", "format must be text or json, got '" + format + "'");
        }
        ExperimentParams params = ExperimentParams.of(body, new ExperimentParams.Query(requests, concurrency, keepAlive,
                proxyProtocol, protocol, streams, connections));
        boolean text = "text".equalsIgnoreCase(format)
                || (format == null && accept != null && accept.startsWith(MediaType.TEXT_PLAIN));
        return experiment.run(params).map(r -> text
                ? Response.ok(TextTable.render(r), MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).build()
                : Response.ok(r, MediaType.APPLICATION_JSON_TYPE).build())
                .toCompletionStage();
    }

    /** Without a body (curl -XPOST '...?requests=100&format=text'): query parameters and defaults only. */
    @POST
    @Path("l4-vs-l7")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public CompletionStage<Response> l4VsL7NoBody(@QueryParam("requests") String requests,
            @QueryParam("concurrency") String concurrency, @QueryParam("keepAlive") String keepAlive,
            @QueryParam("proxyProtocol") String proxyProtocol, @QueryParam("protocol") String protocol,
            @QueryParam("streams") String streams, @QueryParam("connections") String connections,
            @QueryParam("format") String format, @HeaderParam("Accept") String accept) {
        return l4VsL7(null, requests, concurrency, keepAlive, proxyProtocol, protocol, streams, connections, format,
                accept);
    }
}
