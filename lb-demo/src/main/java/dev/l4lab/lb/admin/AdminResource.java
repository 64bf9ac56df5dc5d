package dev.l4lab.lb.admin;

import dev.l4lab.lb.LbRuntime;
import dev.l4lab.lb.admin.Dtos.AddBackendRequest;
import dev.l4lab.lb.admin.Dtos.AlgorithmRequest;
import dev.l4lab.lb.admin.Dtos.BackendView;
import dev.l4lab.lb.admin.Dtos.FrontendView;
import dev.l4lab.lb.admin.Dtos.PoolView;
import dev.l4lab.lb.admin.Dtos.StateRequest;
import dev.l4lab.lb.admin.Dtos.WeightRequest;
import dev.l4lab.lb.balance.Algorithm;
import dev.l4lab.lb.frontend.ConnectionsView;
import dev.l4lab.lb.frontend.Frontend;
import dev.l4lab.lb.pool.AdminState;
import dev.l4lab.lb.pool.Backend;
import dev.l4lab.lb.pool.BackendAddress;
import dev.l4lab.lb.pool.BackendSpec;
import dev.l4lab.lb.pool.Pool;
import dev.l4lab.lb.rest.ApiException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;

/** The admin REST API on 8080 (lb-demo/README.md, "Admin API"). */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminResource {

    private final LbRuntime runtime;

    public AdminResource(LbRuntime runtime) {
        this.runtime = runtime;
    }

    @GET
    @Path("frontends")
    public List<FrontendView> frontends() {
        return runtime.frontends().values().stream().map(FrontendView::of).toList();
    }

    @GET
    @Path("pools")
    public List<PoolView> pools() {
        return runtime.pools().values().stream().map(PoolView::of).toList();
    }

    @GET
    @Path("pools/{pool}")
    public PoolView pool(@PathParam("pool") String pool) {
        return PoolView.of(poolNamed(pool));
    }

    @PUT
    @Path("pools/{pool}/algorithm")
    public PoolView algorithm(@PathParam("pool") String poolName, AlgorithmRequest body) {
        Pool pool = poolNamed(poolName);
        if (body == null || body.algorithm() == null) {
            throw ApiException.badRequest("algorithm", "missing 'algorithm' (expected one of " + Algorithm.expected() + ")");
        }
        Algorithm algorithm = Algorithm.byId(body.algorithm()).orElseThrow(() -> ApiException.badRequest("algorithm",
                "unknown algorithm '" + body.algorithm() + "' (expected one of " + Algorithm.expected() + ")"));
        pool.setAlgorithm(algorithm);
        return PoolView.of(pool);
    }

    @POST
    @Path("pools/{pool}/backends")
    public Response addBackend(@PathParam("pool") String poolName, AddBackendRequest body) {
        Pool pool = poolNamed(poolName);
        if (body == null || body.address() == null) {
            throw ApiException.badRequest("address", "missing 'address' (expected host:port)");
        }
        int weight = body.weight() == null ? 1 : body.weight();
        BackendSpec spec;
        try {
            BackendSpec.checkWeight(weight);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("weight", e.getMessage());
        }
        try {
            spec = new BackendSpec(BackendAddress.parse(body.address()), weight);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("address", e.getMessage());
        }
        Pool.Added added;
        try {
            added = runtime.addBackend(pool, spec);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("address", e.getMessage());
        }
        switch (added) {
            case DUPLICATE -> throw ApiException.conflict("address", "backend " + spec.address() + " already in pool "
                    + pool.name());
            case FULL -> throw ApiException.conflict("address", "pool " + pool.name() + " already has "
                    + Pool.MAX_BACKENDS + " backends, the most a pool can have");
            default -> {
                return Response.status(201).entity(BackendView.of(backend(pool, spec.address().toString()))).build();
            }
        }
    }

    @DELETE
    @Path("pools/{pool}/backends/{address}")
    public Response removeBackend(@PathParam("pool") String poolName, @PathParam("address") String address) {
        Pool pool = poolNamed(poolName);
        backend(pool, address);
        pool.remove(address);
        return Response.noContent().build();
    }

    @PUT
    @Path("pools/{pool}/backends/{address}/state")
    public BackendView state(@PathParam("pool") String poolName, @PathParam("address") String address,
            StateRequest body) {
        Backend b = backend(poolNamed(poolName), address);
        if (body == null || body.state() == null) {
            throw ApiException.badRequest("state", "missing 'state' (expected UP, DRAINING or MAINT)");
        }
        AdminState admin = switch (body.state().toUpperCase(Locale.ROOT)) {
            case "UP", "READY" -> AdminState.READY;
            case "DRAINING", "DRAIN" -> AdminState.DRAINING;
            case "MAINT" -> AdminState.MAINT;
            default -> throw ApiException.badRequest("state", "unknown state '" + body.state()
                    + "' (expected UP, DRAINING or MAINT; DOWN is decided by health checks)");
        };
        b.setAdminState(admin);
        return BackendView.of(b);
    }

    @PUT
    @Path("pools/{pool}/backends/{address}/weight")
    public BackendView weight(@PathParam("pool") String poolName, @PathParam("address") String address,
            WeightRequest body) {
        Backend b = backend(poolNamed(poolName), address);
        if (body == null || body.weight() == null) {
            throw ApiException.badRequest("weight", "missing 'weight' (0-" + BackendSpec.MAX_WEIGHT + ")");
        }
        try {
            BackendSpec.checkWeight(body.weight());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("weight", e.getMessage());
        }
        b.setWeight(body.weight());
        return BackendView.of(b);
    }

    @GET
    @Path("connections")
    public ConnectionsView connections() {
        return ConnectionsView.merge(runtime.frontends().values().stream().map(Frontend::connections).toList());
    }

    private Pool poolNamed(String name) {
        return runtime.pool(name).orElseThrow(() -> ApiException.notFound("pool", "no pool '" + name + "' (configured: "
                + String.join(", ", runtime.pools().keySet()) + ")"));
    }

    private static Backend backend(Pool pool, String address) {
        return pool.backend(address).orElseThrow(() -> ApiException.notFound("address",
                "no backend '" + address + "' in pool " + pool.name()));
    }
}
