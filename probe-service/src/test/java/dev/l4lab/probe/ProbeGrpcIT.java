package dev.l4lab.probe;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** ProbeGrpcTest against the packaged jar. */
@QuarkusIntegrationTest
@TestProfile(PackagedProfile.class)
class ProbeGrpcIT extends ProbeGrpcTest {
}
