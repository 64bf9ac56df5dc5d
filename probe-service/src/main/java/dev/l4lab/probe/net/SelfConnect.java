package dev.l4lab.probe.net;

/**
 * A TCP self-connect: when nothing listens on a port inside the ephemeral range, the kernel may pick
 * that very port as our source, and the SYN meets itself (simultaneous open) and "connects". That means
 * nothing listens there, so every prober reports it CLOSED (reason refused), as nmap does.
 */
public final class SelfConnect {

    public static final String ERROR = "self-connect (nothing listens)";

    private SelfConnect() {
    }

    /** Addresses as IP literals in any spelling (compared by value). */
    public static boolean detected(String localHost, int localPort, String remoteHost, int remotePort) {
        return localPort == remotePort && AddressText.ofLiteral(localHost).equals(AddressText.ofLiteral(remoteHost));
    }
}
