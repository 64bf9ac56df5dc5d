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
                             ConntrackTuple reply, boolean dnat, boolean snat, String originalText, String translatedText,
                             List<String> flags, Long ageSeconds, Long mark) {

    /**
     * Derives the NAT facts from the two tuples: DNAT when the reply does not come from where the client sent,
     * SNAT when it does not go back to the client's own address and port. {@code translatedText} is the flow as
     * the lab side sees it, in the client's direction (the reply tuple turned around).
     */
    public static ConntrackEntry of(Long id, String protocol, String state, long expiresInSeconds, ConntrackTuple original,
                                    ConntrackTuple reply, List<String> flags, Long ageSeconds, Long mark) {
        boolean dnat = !Objects.equals(original.dst(), reply.src()) || !Objects.equals(original.dport(), reply.sport());
        boolean snat = !Objects.equals(original.src(), reply.dst()) || !Objects.equals(original.sport(), reply.dport());
        String translated = reply.sport() == null ? reply.dst() + " -> " + reply.src()
                : reply.dst() + ":" + reply.dport() + " -> " + reply.src() + ":" + reply.sport();
        return new ConntrackEntry(id, protocol, state, expiresInSeconds, original, reply, dnat, snat, original.text(),
                translated, flags, ageSeconds, mark);
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
