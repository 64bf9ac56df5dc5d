package dev.l4lab.probe.policy;

import java.net.InetAddress;
import java.util.List;

/** A host whose every resolved address passed the policy; {@code address} is the one to connect to. */
public record ResolvedTarget(String host, InetAddress address, List<InetAddress> addresses, double dnsMs) {

    public List<String> addressTexts() {
        return addresses.stream().map(ResolvedTarget::text).toList();
    }

    /** The address we connect to, as text (RFC 5952 for IPv6, same format as ListSockets). */
    public String addressText() {
        return text(address);
    }

    /** Re-formats an IP literal (for example from Vert.x) the same way; never does DNS. */
    public static String textOfLiteral(String literal) {
        try {
            return literal.matches("[0-9A-Fa-f.:]+") ? text(InetAddress.getByName(literal)) : literal;
        } catch (java.net.UnknownHostException e) {
            return literal;
        }
    }

    public static String text(InetAddress a) {
        return dev.l4lab.probe.sockets.ProcAddress.format(a.getAddress());
    }
}
