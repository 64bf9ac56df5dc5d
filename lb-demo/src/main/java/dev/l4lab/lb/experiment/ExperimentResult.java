package dev.l4lab.lb.experiment;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * The answer of POST /experiments/l4-vs-l7: per-path results and the lessons in plain words. With protocol h2c,
 * requests counts the streams per path and concurrency the HTTP/2 connections.
 */
@RegisterForReflection
public record ExperimentResult(String protocol, int requests, int concurrency, boolean keepAlive, boolean proxyProtocol,
        boolean partial, long durationMs, long maxDurationMs, List<PathResult> paths, List<String> lessons) {
}
