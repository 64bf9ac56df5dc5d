package dev.l4lab.probe;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.probe.support.PackagedService;
import org.junit.jupiter.api.Test;

/** The packaged jar refuses to start on a bad value, naming the key, with the image's JVM flags. */
class ConfigStartupIT {

    private static void refuses(String property, String... mustMention) throws Exception {
        String out = PackagedService.failingStart(property);
        assertFalse(out.startsWith("exit 0"), property + " was accepted:\n" + out);
        for (String m : mustMention) {
            assertTrue(out.contains(m), property + ": the error must mention " + m + ":\n" + out);
        }
    }

    @Test
    void aRangeViolationNamesTheKey() throws Exception {
        refuses("probe.limits.max-concurrent=0", "probe.limits.max-concurrent");
    }

    @Test
    void anEnumOutsideItsValuesNamesTheKey() throws Exception {
        refuses("probe.blackbox.modules.x.prober=icmp", "probe.blackbox.modules.x.prober", "icmp");
    }

    @Test
    void keysThatContradictEachOtherAreNamedTogether() throws Exception {
        refuses("probe.limits.max-concurrent-per-client=100", "probe.limits.max-concurrent-per-client",
                "probe.limits.max-concurrent (64)");
    }

    @Test
    void limitsThatCannotFitTheImageHeapNameTheKeys() throws Exception {
        refuses("probe.limits.max-concurrent=2000", "-Xmx is", "probe.limits.max-concurrent (2000)");
    }
}
