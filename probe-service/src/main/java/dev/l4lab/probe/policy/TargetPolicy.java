package dev.l4lab.probe.policy;

import dev.l4lab.probe.config.ProbeConfig;
import dev.l4lab.probe.error.ProbeException;
import dev.l4lab.probe.net.Cidr;
import dev.l4lab.probe.net.HostPattern;
import dev.l4lab.probe.net.HostSyntax;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The SSRF fence. A name is resolved once; every resolved address must be allowed, and callers connect
 * to the returned InetAddress (never to the name again), so a DNS answer that changes between the check
 * and the connect (rebinding) cannot redirect a probe.
 *
 * <p>Allowed: addresses inside probe.policy.allowed-cidrs, or any address of a name listed in
 * probe.policy.allowed-hosts. Always denied, even for allowed hosts or 0.0.0.0/0: link-local
 * 169.254.0.0/16 (cloud metadata) and fe80::/10, unless an allowed CIDR lies inside those ranges
 * (e.g. 169.254.169.254/32 listed on purpose). Unspecified addresses (0.0.0.0, ::) are denied unless
 * allowed by CIDR, since connecting to them reaches this host.
 */
@ApplicationScoped
public class TargetPolicy {

    static final List<Cidr> ALWAYS_DENIED = List.of(Cidr.parse("169.254.0.0/16"), Cidr.parse("fe80::/10"));

    private final List<Cidr> allowedCidrs;
    private final List<HostPattern> allowedHosts;

    @Inject
    public TargetPolicy(ProbeConfig config) {
        this(config.policy().allowedCidrs(), config.policy().allowedHosts().orElse(List.of()));
    }

    public TargetPolicy(List<Cidr> allowedCidrs, List<HostPattern> allowedHosts) {
        this.allowedCidrs = List.copyOf(allowedCidrs);
        this.allowedHosts = List.copyOf(allowedHosts);
    }

    /** Blocking (DNS): call on a worker thread. {@code host} has passed HostSyntax. */
    public ResolvedTarget resolve(String host) throws DnsFailure {
        long start = System.nanoTime();
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new DnsFailure("cannot resolve '" + host + "': " + e.getMessage(), millisSince(start));
        }
        double dnsMs = millisSince(start);
        boolean hostAllowed = isAllowedHost(host);
        for (InetAddress a : all) {
            String why = denial(a, hostAllowed);
            if (why != null) {
                throw ProbeException.denied("target policy denies " + host
                        + (host.equals(a.getHostAddress()) ? "" : " (" + a.getHostAddress() + ")") + ": " + why);
            }
        }
        return new ResolvedTarget(host, all[0], List.of(all), HostSyntax.isLiteral(host) ? 0 : dnsMs);
    }

    /** null when allowed, else the reason. */
    public String denial(InetAddress address, boolean hostAllowed) {
        for (Cidr denied : ALWAYS_DENIED) {
            if (denied.contains(address)) {
                boolean explicit = allowedCidrs.stream().anyMatch(c -> c.contains(address) && c.within(denied));
                return explicit ? null : "link-local " + denied + " is always denied unless explicitly allowed";
            }
        }
        if (allowedCidrs.stream().anyMatch(c -> c.contains(address))) {
            return null;
        }
        if (hostAllowed && !address.isAnyLocalAddress()) {
            return null;
        }
        return address.getHostAddress() + " is outside the allowed CIDRs " + allowedCidrs;
    }

    boolean isAllowedHost(String host) {
        return !HostSyntax.isLiteral(host) && allowedHosts.stream().anyMatch(p -> p.matches(host));
    }

    private static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
