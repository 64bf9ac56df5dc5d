package dev.l4lab.lb.udp;

import dev.l4lab.lb.support.ItConfig;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link UdpLargeDatagramTest} against the packaged jar, with the images' JVM flags. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ItConfig.class, restrictToAnnotatedClass = true)
class UdpLargeDatagramIT extends UdpLargeDatagramTest {
}
