package dev.l4lab.echo.lifecycle;

import dev.l4lab.echo.api.ApiException;
import dev.l4lab.echo.connections.ListenerKind;
import dev.l4lab.echo.faults.FaultPlan;
import dev.l4lab.echo.faults.FaultState;
import dev.l4lab.echo.faults.Protocol;
import dev.l4lab.echo.tcp.TcpListeners;
import dev.l4lab.echo.udp.UdpEchoServer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Makes a fault plan true: replaces it and unbinds or binds the echo listeners its "refuse" asks for. When
 * a listener cannot be bound again (its port was taken meanwhile) the previous plan is restored and the
 * caller gets 409 naming the port; the plan in force always says which listeners are really unbound.
 */
@ApplicationScoped
public class FaultPlanApplier {

    private static final Logger LOG = Logger.getLogger(FaultPlanApplier.class);

    private final FaultState state;
    private final TcpListeners tcp;
    private final UdpEchoServer udp;

    public FaultPlanApplier(FaultState state, TcpListeners tcp, UdpEchoServer udp) {
        this.state = state;
        this.tcp = tcp;
        this.udp = udp;
    }

    /** Applies the plan and returns it, or throws 409 with the previous plan (corrected to the truth) in force. */
    public synchronized FaultPlan apply(FaultPlan next) {
        FaultPlan previous = state.plan();
        state.replace(next);
        try {
            bindAsPlanned(next);
        } catch (IllegalStateException failed) {
            try {
                bindAsPlanned(previous);
            } catch (IllegalStateException alsoFailed) {
                LOG.warnf("restoring the listeners of the previous fault plan failed too: %s", alsoFailed.getMessage());
            }
            FaultPlan truth = withRefuseAsBound(previous);
            state.replace(truth);
            LOG.warnf("fault plan %s not applied: %s", next, failed.getMessage());
            throw ApiException.conflict("refuse", failed.getMessage() + "; the fault plan in force is unchanged"
                + " (refuse " + names(truth.refuse()) + ")");
        }
        LOG.infof("fault plan now %s", next);
        return next;
    }

    private void bindAsPlanned(FaultPlan plan) {
        tcp.refuseEcho(plan.refuses(Protocol.TCP));
        udp.refuse(plan.refuses(Protocol.UDP));
    }

    private FaultPlan withRefuseAsBound(FaultPlan p) {
        List<Protocol> unbound = new ArrayList<>();
        if (!tcp.isBound(ListenerKind.ECHO)) {
            unbound.add(Protocol.TCP);
        }
        if (!udp.isBound()) {
            unbound.add(Protocol.UDP);
        }
        return new FaultPlan(p.latencyMs(), p.jitterMs(), p.udpDropRate(), p.tcpResetRate(), unbound, p.blackhole(),
            p.maxConnections(), p.unhealthy());
    }

    private static String names(List<Protocol> protocols) {
        return protocols.stream().map(p -> p.name().toLowerCase()).toList().toString();
    }
}
