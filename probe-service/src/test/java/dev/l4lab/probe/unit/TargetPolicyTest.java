package dev.l4lab.probe.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.l4lab.probe.error.ProbeException;
import dev.l4lab.probe.net.Cidr;
import dev.l4lab.probe.net.HostPattern;
import dev.l4lab.probe.policy.TargetPolicy;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The target policy on literals only (no DNS traffic leaves this host). */
class TargetPolicyTest {

    private static TargetPolicy policy(String... cidrs) {
        return new TargetPolicy(List.of(cidrs).stream().map(Cidr::parse).toList(),
                List.of(HostPattern.parse("echo-1"), HostPattern.parse("*.lab.test")));
    }

    @Test
    void defaultsAllowLoopbackAndTheLabNetworkOnly() throws Exception {
        TargetPolicy p = policy("127.0.0.0/8", "::1/128", "172.28.0.0/16");
        assertNull(p.denial(InetAddress.getByName("127.0.0.1"), false));
        assertNull(p.denial(InetAddress.getByName("127.5.6.7"), false));
        assertNull(p.denial(InetAddress.getByName("::1"), false));
        assertNull(p.denial(InetAddress.getByName("172.28.200.1"), false));
        assertNotNull(p.denial(InetAddress.getByName("172.29.0.1"), false));
        assertNotNull(p.denial(InetAddress.getByName("10.0.0.1"), false));
        assertNotNull(p.denial(InetAddress.getByName("0.0.0.0"), false));
        assertNotNull(p.denial(InetAddress.getByName("::"), false));
    }

    @Test
    void linkLocalNeedsAnExplicitEntryNotJustAWideOne() throws Exception {
        InetAddress metadata = InetAddress.getByName("169.254.169.254");
        assertNotNull(policy("0.0.0.0/0").denial(metadata, false), "0.0.0.0/0 must not unlock metadata");
        assertNotNull(policy("0.0.0.0/0").denial(metadata, true), "an allowed host name must not either");
        assertNull(policy("169.254.169.254/32").denial(metadata, false));
        assertNotNull(policy("::/0").denial(InetAddress.getByName("fe80::1"), false));
        assertNull(policy("fe80::/64").denial(InetAddress.getByName("fe80::1"), false));
        // v4-mapped spelling of the metadata address is the same address
        assertNotNull(policy("0.0.0.0/0").denial(InetAddress.getByName("::ffff:169.254.169.254"), false));
    }

    @Test
    void resolveRejectsDeniedLiteralsWithoutConnecting() {
        ProbeException e = assertThrows(ProbeException.class,
                () -> policy("127.0.0.0/8").resolve("169.254.169.254"));
        assertEquals(ProbeException.Kind.PERMISSION_DENIED, e.kind());
    }

    @Test
    void cidrParsingNamesTheProblem() {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("example.com/8"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/x"));
        assertEquals(16, Cidr.parse("172.28.5.5/16").prefixLength());
    }
}
