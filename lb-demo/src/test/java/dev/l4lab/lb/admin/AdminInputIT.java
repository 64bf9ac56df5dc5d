package dev.l4lab.lb.admin;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link AdminInputTest} against the packaged jar, with the images' JVM flags. */
@QuarkusIntegrationTest
class AdminInputIT extends AdminInputTest {
}
