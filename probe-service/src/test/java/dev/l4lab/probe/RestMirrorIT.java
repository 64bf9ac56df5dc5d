package dev.l4lab.probe;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** RestMirrorTest against the packaged jar. */
@QuarkusIntegrationTest
@TestProfile(PackagedProfile.class)
class RestMirrorIT extends RestMirrorTest {
}
