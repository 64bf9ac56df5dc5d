package dev.l4lab.gateway.impair;

/** Whether this kernel has tc netem (delay, jitter, reordering), and tc's own words when it has not. */
public record NetemSupport(boolean supported, String detail) {
}
