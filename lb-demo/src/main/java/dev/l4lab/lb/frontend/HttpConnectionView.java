package dev.l4lab.lb.frontend;

/**
 * One row of GET /connections (http): an L7 client connection. protocol is HTTP/1.1 or h2c; backend is the one
 * serving its current request (null between requests; h2c streams each pick their own); state is idle,
 * connecting, sending-request, waiting-response, sending-response, or streams (h2c); requests counts the
 * exchanges it has finished; bytesIn / bytesOut are the bytes on the client socket.
 */
public record HttpConnectionView(String client, String frontend, String protocol, String backend, String state,
        long requests, long bytesIn, long bytesOut, long ageMs) {
}
