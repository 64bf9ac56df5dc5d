package dev.l4lab.lb.udp;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link UdpLargeDatagramTest} against the packaged jar, with the images' JVM flags. */
@QuarkusIntegrationTest
class UdpLargeDatagramIT extends UdpLargeDatagramTest {
}
