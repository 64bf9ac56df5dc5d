package dev.l4lab.lb;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when every frontend's listener is bound. Backends may be DOWN: that is the pools' business, shown by the
 * admin API and the metrics, not a reason to take the LB out of rotation.
 */
@Readiness
@ApplicationScoped
public class ListenersReadiness implements HealthCheck {

    private final LbRuntime runtime;

    public ListenersReadiness(LbRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("lb-listeners").status(runtime.allBound());
        runtime.frontends().values().forEach(f -> b.withData(f.name(), f.protocol().id() + " " + f.bindHost() + ":" + f.port()
                + (f.bound() ? " bound" : " not bound")));
        return b.build();
    }
}
