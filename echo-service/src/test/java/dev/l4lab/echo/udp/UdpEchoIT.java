package dev.l4lab.echo.udp;

import dev.l4lab.echo.PackagedJarProfile;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** The same tests against the packaged jar. */
@QuarkusIntegrationTest
@TestProfile(PackagedJarProfile.class)
class UdpEchoIT extends UdpEchoTest {
}
