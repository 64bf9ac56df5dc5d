package dev.l4lab.lb.limits;

import dev.l4lab.lb.frontend.Protocol;
import dev.l4lab.lb.http.HttpLimits;
import dev.l4lab.lb.tcp.RelayBudget;

/**
 * The most one connection (TCP, L7) or session (UDP) can hold. TCP: the client and the backend socket, the session
 * and its two Netty channels on the heap, and at least the smallest relay buffers in direct memory (larger ones are
 * lent from the frontend's share while memory is free). L7: the client socket and, for a request in flight or a
 * kept-alive backend connection, one more; the codec state and what one exchange may buffer
 * ({@link HttpLimits#bytesPerExchange}). UDP: the session's own
 * socket and its channel; datagrams are relayed as they arrive (the few held while a name resolves are bounded
 * per frontend).
 */
record Cost(int descriptors, long heapBytes, long directBytes) {

    static Cost of(Protocol protocol) {
        return switch (protocol) {
            case TCP -> new Cost(2, 8 << 10, RelayBudget.floorBytes());
            case HTTP -> new Cost(2, 16 << 10, HttpLimits.bytesPerExchange());
            case UDP -> new Cost(1, 4 << 10, 0);
        };
    }
}
