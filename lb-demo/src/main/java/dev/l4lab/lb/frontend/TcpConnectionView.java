package dev.l4lab.lb.frontend;

/**
 * One row of GET /connections (tcp). bytesIn = client to backend, bytesOut = backend to client; state is
 * connecting, established, client-fin, server-fin, closing or closed.
 */
public record TcpConnectionView(String client, String frontend, String backend, String state, long bytesIn,
        long bytesOut, long ageMs) {
}
