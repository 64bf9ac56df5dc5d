package dev.l4lab.probe;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.probe.input.Limit;
import dev.l4lab.probe.limits.Limits;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The limits the validation enforces (dev.l4lab.probe.limits.Limits, with the configured maxima) are the ones
 * the README's table and the proto's comments state: same range text, same default.
 */
@QuarkusTest
class LimitsDocumentedTest {

    @Inject
    Limits limits;

    @Test
    void theReadmeTableStatesEveryLimit() throws IOException {
        List<String> rows = Files.readAllLines(Path.of("README.md")).stream()
                .filter(l -> l.startsWith("| `")).map(l -> l.replace("`", "")).toList();
        for (Limit limit : limits.all()) {
            String rowsForField = String.join("\n", rows.stream()
                    .filter(r -> r.startsWith("| " + limit.field() + " |")).toList());
            assertFalse(rowsForField.isEmpty(), "README has no limits row for " + limit.field());
            assertTrue(rowsForField.contains(limit.rangeText()), "README row for " + limit.field() + " must state "
                    + limit.rangeText() + ":\n" + rowsForField);
            if (limit.defaultText() != null) {
                assertTrue(rowsForField.contains(limit.defaultText()), "README row for " + limit.field()
                        + " must state the default " + limit.defaultText() + ":\n" + rowsForField);
            }
        }
    }

    @Test
    void theProtoCommentsStateEveryLimit() throws IOException {
        List<String> proto = Files.readAllLines(Path.of("src/main/proto/probe.proto"));
        for (Limit limit : limits.all()) {
            for (String field : limit.protoFields()) {
                String comment = commentOf(proto, field.substring(0, field.indexOf('.')), field.substring(field.indexOf('.') + 1));
                assertTrue(comment.contains(limit.rangeText()), field + " must state " + limit.rangeText() + ": " + comment);
                if (limit.defaultText() != null) {
                    assertTrue(comment.contains(limit.defaultText()), field + " must state the default "
                            + limit.defaultText() + ": " + comment);
                }
            }
        }
    }

    /** The // lines right above "type name = N;" inside "message Message {". */
    private static String commentOf(List<String> proto, String message, String field) {
        int start = proto.indexOf("message " + message + " {");
        assertTrue(start >= 0, "no message " + message + " in probe.proto");
        for (int i = start + 1; i < proto.size() && !proto.get(i).equals("}"); i++) {
            if (proto.get(i).trim().matches("[a-z0-9_.]+ " + field + " = \\d+;")) {
                List<String> lines = new ArrayList<>();
                for (int j = i - 1; j > start && proto.get(j).trim().startsWith("//"); j--) {
                    lines.add(0, proto.get(j).trim().substring(2).trim());
                }
                return String.join(" ", lines);
            }
        }
        throw new AssertionError("no field " + field + " in message " + message);
    }
}
