package dev.l4lab.lb.tcp;

/** One row of GET /connections (tcp). bytesIn = client to backend, bytesOut = backend to client. */
public record TcpConnectionView(String client, String frontend, String backend, String state, long bytesIn,
        long bytesOut, long ageMs) {
}
