package dev.l4lab.lb.experiment;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** The answer of POST /experiments/l4-vs-l7: per-path results and the lessons in plain words. */
@RegisterForReflection
public record ExperimentResult(int requests, int concurrency, boolean keepAlive, boolean proxyProtocol,
        boolean partial, long durationMs, long maxDurationMs, List<PathResult> paths, List<String> lessons) {
}
