package dev.l4lab.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.l4lab.lb.support.ItConfig;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The health check on the packaged jar, run with the images' JVM flags. */
@QuarkusIntegrationTest
@QuarkusTestResource(ItConfig.class)
class HealthSmokeIT extends HealthSmokeTest {

    @Test
    void theJarRunsWithTheImagesJvmFlags() throws Exception {
        String script = Files.readString(Path.of("../docker/jvm/run-java.sh"));
        Matcher m = Pattern.compile(":\\s*\"\\$\\{JAVA_OPTS:=([^}]*)}\"").matcher(script);
        m.find();
        assertEquals(m.group(1).trim(), System.getProperty("quarkus.test.arg-line"),
                "lb.image.jvm.flags in lb-demo/pom.xml and JAVA_OPTS in docker/jvm/run-java.sh");
    }
}
