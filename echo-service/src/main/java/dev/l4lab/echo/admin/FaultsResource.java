package dev.l4lab.echo.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.l4lab.echo.faults.FaultPlan;
import dev.l4lab.echo.faults.FaultPlanReader;
import dev.l4lab.echo.faults.FaultState;
import dev.l4lab.echo.lifecycle.FaultPlanApplier;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** GET shows, PUT replaces, DELETE clears the fault plan. Runs on a worker thread (it may re-bind sockets). */
@Path("/faults")
@Produces(MediaType.APPLICATION_JSON)
public class FaultsResource {

    private final FaultState state;
    private final FaultPlanReader reader;
    private final FaultPlanApplier applier;

    public FaultsResource(FaultState state, FaultPlanReader reader, FaultPlanApplier applier) {
        this.state = state;
        this.reader = reader;
        this.applier = applier;
    }

    @GET
    public FaultPlan get() {
        return state.plan();
    }

    /** The whole plan: missing fields mean "no fault". Any Content-Type (curl -d sends a form type). */
    @PUT
    @Consumes(MediaType.WILDCARD)
    public FaultPlan put(String body) throws JsonProcessingException {
        return applier.apply(reader.read(body));
    }

    @DELETE
    public FaultPlan clear() {
        return applier.apply(FaultPlan.NONE);
    }
}
