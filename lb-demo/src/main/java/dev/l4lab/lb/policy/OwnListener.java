package dev.l4lab.lb.policy;

/** A socket lb-demo listens on: a frontend or the admin port. */
public record OwnListener(String name, boolean tcp, String bindHost, int port) {
}
