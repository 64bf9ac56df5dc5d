package dev.l4lab.lb.admin;

import dev.l4lab.lb.support.ItConfig;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link AdminInputTest} against the packaged jar, with the images' JVM flags. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = ItConfig.class, restrictToAnnotatedClass = true)
class AdminInputIT extends AdminInputTest {
}
