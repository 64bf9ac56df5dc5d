package dev.l4lab.echo.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.l4lab.echo.tcp.TcpListeners;
import dev.l4lab.echo.udp.UdpEchoServer;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.logging.Logger;

/** GET shows, PUT replaces, DELETE clears the fault plan. Runs on a worker thread (it may re-bind sockets). */
@Path("/faults")
@Produces(MediaType.APPLICATION_JSON)
public class FaultsResource {

    private static final Logger LOG = Logger.getLogger(FaultsResource.class);

    private final FaultState state;
    private final TcpListeners tcp;
    private final UdpEchoServer udp;
    private final FaultPlanParser parser;

    public FaultsResource(FaultState state, TcpListeners tcp, UdpEchoServer udp, ObjectMapper mapper) {
        this.state = state;
        this.tcp = tcp;
        this.udp = udp;
        this.parser = new FaultPlanParser(mapper);
    }

    @GET
    public FaultPlan get() {
        return state.plan();
    }

    @PUT
    @Consumes(MediaType.WILDCARD)
    public FaultPlan put(String body) {
        return apply(parser.parse(body));
    }

    @DELETE
    public FaultPlan clear() {
        return apply(FaultPlan.NONE);
    }

    private synchronized FaultPlan apply(FaultPlan plan) {
        state.replace(plan);
        tcp.refuseEcho(plan.refusesTcp());
        udp.refuse(plan.refusesUdp());
        LOG.infof("fault plan now %s", plan);
        return plan;
    }
}
