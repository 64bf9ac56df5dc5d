package dev.l4lab.gateway.conntrack;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Objects;

/**
 * One conntrack entry. {@code original} is the flow as the client sent it, {@code reply} the flow the
 * kernel expects back; when NAT rewrote the flow the two differ, and {@code dnat}/{@code snat} say how.
 * {@code state} is the TCP state (null for UDP and ICMP), {@code expiresInSeconds} the time left until the
 * entry is dropped unless another packet arrives, {@code ageSeconds} the time since it was created (when
 * conntrack timestamps are on).
 */
@RegisterForReflection
public record ConntrackEntry(Long id, String protocol, String state, long expiresInSeconds, ConntrackTuple original,
                             ConntrackTuple reply, List<String> flags, Long ageSeconds, Long mark) {

    /** The destination was rewritten: a port mapping (DNAT). */
    public boolean dnat() {
        return !Objects.equals(original.dst(), reply.src()) || !Objects.equals(original.dport(), reply.sport());
    }

    /** The source was rewritten: MASQUERADE (SNAT). */
    public boolean snat() {
        return !Objects.equals(original.src(), reply.dst()) || !Objects.equals(original.sport(), reply.dport());
    }

    /** How the flow looks on the lab side, in the direction the client sends: the reply tuple turned around. */
    public String translatedText() {
        ConntrackTuple r = reply;
        return r.sport() == null ? r.dst() + " -> " + r.src() : r.dst() + ":" + r.dport() + " -> " + r.src() + ":" + r.sport();
    }

    public boolean involvesPort(int port) {
        return Objects.equals(original.sport(), port) || Objects.equals(original.dport(), port)
                || Objects.equals(reply.sport(), port) || Objects.equals(reply.dport(), port);
    }

    public boolean involvesAddress(String address) {
        return address.equals(original.src()) || address.equals(original.dst())
                || address.equals(reply.src()) || address.equals(reply.dst());
    }
}
