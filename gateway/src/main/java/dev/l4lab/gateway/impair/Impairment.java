package dev.l4lab.gateway.impair;

import java.util.List;

/**
 * The impaired link: loss rules (netfilter) and, where the kernel has tc netem, delay, jitter and reordering
 * on every packet the gateway sends out of either interface.
 */
public record Impairment(List<LossRule> loss, int delayMs, int jitterMs, int reorderPercent) {

    public static final Impairment NONE = new Impairment(List.of(), 0, 0, 0);

    public Impairment {
        loss = List.copyOf(loss);
    }

    public boolean needsNetem() {
        return delayMs > 0 || jitterMs > 0 || reorderPercent > 0;
    }
}
