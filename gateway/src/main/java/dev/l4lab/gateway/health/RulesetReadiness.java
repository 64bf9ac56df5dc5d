package dev.l4lab.gateway.health;

import dev.l4lab.gateway.ruleset.GatewayController;
import dev.l4lab.gateway.ruleset.GatewayStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the rule set is in the kernel; DOWN with the reason while starting or when refusing the namespace. */
@Readiness
@ApplicationScoped
public class RulesetReadiness implements HealthCheck {

    private final GatewayController controller;

    public RulesetReadiness(GatewayController controller) {
        this.controller = controller;
    }

    @Override
    public HealthCheckResponse call() {
        GatewayStatus s = controller.status();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("gateway-ruleset")
                .status(s.phase() == GatewayStatus.Phase.READY)
                .withData("phase", s.phase().name())
                .withData("detail", s.detail());
        if (s.interfaces() != null) {
            b.withData("outside", s.interfaces().outside().name() + " " + s.interfaces().outside().address())
                    .withData("lab", s.interfaces().lab().name() + " " + s.interfaces().lab().address());
        }
        return b.build();
    }
}
