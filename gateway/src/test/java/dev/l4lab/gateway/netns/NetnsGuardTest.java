package dev.l4lab.gateway.netns;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.gateway.kernel.CommandRunner;
import dev.l4lab.gateway.kernel.NetnsGuard;
import dev.l4lab.gateway.support.NetnsLab;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The guard on real namespaces: the test JVM's own (the host's initial one) is refused, naming why; a
 * namespace made for the test is allowed. The guard only reads (readlink, stat), so checking the host's
 * namespace touches nothing.
 */
class NetnsGuardTest {

    static CommandRunner runner(Optional<String> netns) {
        return new CommandRunner(new CommandRunner.Settings(netns, 1, 4, Duration.ofSeconds(5), 1 << 16), new SimpleMeterRegistry());
    }

    @Test
    void theHostsInitialNamespaceIsRefused() {
        NetnsGuard.Verdict v = NetnsGuard.check(runner(Optional.empty()));
        assertFalse(v.allowed());
        assertTrue(v.refusal().contains("host's initial network namespace"), v.refusal());
        assertTrue(v.refusal().contains("nf_conntrack_max is writable"), v.refusal());
    }

    @Test
    void aNamespaceMadeForTheGatewayIsAllowed() {
        try (NetnsLab lab = NetnsLab.create()) {
            NetnsGuard.Verdict v = NetnsGuard.check(runner(Optional.of(lab.gatewayNs())));
            assertTrue(v.allowed(), String.valueOf(v.refusal()));
            assertTrue(v.netnsInode().startsWith("net:["), v.netnsInode());
        }
    }
}
