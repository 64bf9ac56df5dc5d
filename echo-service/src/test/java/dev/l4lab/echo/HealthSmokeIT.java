package dev.l4lab.echo;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** The same tests against the packaged jar. */
@QuarkusIntegrationTest
@TestProfile(PackagedJarProfile.class)
class HealthSmokeIT extends HealthSmokeTest {
}
