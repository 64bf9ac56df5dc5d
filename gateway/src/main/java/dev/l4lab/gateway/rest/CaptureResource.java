package dev.l4lab.gateway.rest;

import dev.l4lab.gateway.capture.CaptureService;
import dev.l4lab.gateway.capture.CaptureSpec;
import dev.l4lab.gateway.capture.Timeline;
import dev.l4lab.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Packet capture on the gateway: GET /capture answers a pcap file (Wireshark, tcpdump -r); GET
 * /capture/timeline the same packets decoded as JSON. The answer comes when the count is reached or the time
 * bound ends, whichever is first.
 */
@Path("/capture")
public class CaptureResource {

    static final String PCAP = "application/vnd.tcpdump.pcap";

    private final CaptureService captures;
    private final GatewayConfig.Capture caps;

    public CaptureResource(CaptureService captures, GatewayConfig config) {
        this.captures = captures;
        this.caps = config.capture();
    }

    @GET
    @Produces({PCAP, MediaType.APPLICATION_JSON})
    public Uni<Response> pcap(@RestQuery("interface") String where, @RestQuery String filter, @RestQuery Integer count,
                              @RestQuery Integer seconds, @RestQuery Integer snaplen) {
        CaptureSpec req = CaptureSpec.parse(where, filter, count, seconds, snaplen, caps);
        return captures.capture(req).map(c -> Response.ok(c.pcap(), PCAP)
                .header("Content-Disposition", "attachment; filename=\"gateway-" + req.where().text() + ".pcap\"")
                .header("X-Capture-Packets", c.packets()).build());
    }

    @GET
    @Path("/timeline")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Timeline> timeline(@RestQuery("interface") String where, @RestQuery String filter, @RestQuery Integer count,
                                  @RestQuery Integer seconds, @RestQuery Integer snaplen) {
        CaptureSpec req = CaptureSpec.parse(where, filter, count, seconds, snaplen, caps);
        return captures.capture(req).map(c -> captures.timeline(c, req.filter()));
    }
}
