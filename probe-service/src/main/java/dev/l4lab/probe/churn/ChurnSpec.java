package dev.l4lab.probe.churn;

/** A validated churn request. */
public record ChurnSpec(String host, int port, int count, int ratePerSecond, int timeoutMs) {
}
