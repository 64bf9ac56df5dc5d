package dev.l4lab.lb.experiment;

/** One way into the LB that the experiment drives: label ("L4", "L7", "L4+PROXY"), frontend and address. */
record PathTarget(String label, String frontend, String host, int port, ClientAddressSource source) {
}
