package dev.l4lab.lb.health;

import dev.l4lab.lb.LbRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready when every frontend's listener is bound (backends may be DOWN: that is the pool's business). */
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
        runtime.frontends().values().forEach(f -> b.withData(f.name(), f.protocol() + " " + f.bindHost() + ":" + f.port()
                + (f.bound() ? " bound" : " not bound")));
        return b.build();
    }
}
