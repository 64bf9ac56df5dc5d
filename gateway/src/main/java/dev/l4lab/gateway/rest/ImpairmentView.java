package dev.l4lab.gateway.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** GET /impairment. */
@RegisterForReflection
public record ImpairmentView(List<LossView> loss, int delayMs, int jitterMs, int reorderPercent, NetemView netem) {
}
