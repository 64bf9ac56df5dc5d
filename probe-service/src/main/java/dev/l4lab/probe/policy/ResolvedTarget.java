package dev.l4lab.probe.policy;

import dev.l4lab.probe.net.AddressText;
import java.net.InetAddress;
import java.util.List;

/** A host whose every resolved address passed the policy; {@code address} is the one to connect to. */
public record ResolvedTarget(String host, InetAddress address, List<InetAddress> addresses, double dnsMs) {

    public List<String> addressTexts() {
        return addresses.stream().map(AddressText::of).toList();
    }

    /** The address we connect to, as text (RFC 5952 for IPv6, same format as ListSockets). */
    public String addressText() {
        return AddressText.of(address);
    }

    /** The same target, connecting to {@code chosen} (one of {@code addresses}). */
    public ResolvedTarget connectingTo(InetAddress chosen) {
        return new ResolvedTarget(host, chosen, addresses, dnsMs);
    }
}
