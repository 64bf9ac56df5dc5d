package dev.l4lab.probe.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.l4lab.probe.api.ProbeException;
import java.util.Iterator;
import java.util.Map;

/**
 * REST bodies are the proto messages in proto3 JSON (lowerCamel names, enums as names, bytes as
 * base64), so the REST mirror and gRPC can never drift apart. Unknown fields are rejected.
 */
final class ProtoJson {

    private static final JsonFormat.Parser PARSER = JsonFormat.parser();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().alwaysPrintFieldsWithNoPresence();
    private static final JsonFormat.Printer LINE_PRINTER = PRINTER.omittingInsignificantWhitespace();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_BODY = 64 * 1024;

    private ProtoJson() {
    }

    static <B extends Message.Builder> B parse(String body, B builder) {
        if (body == null || body.isBlank()) {
            return builder;
        }
        if (body.length() > MAX_BODY) {
            throw ProbeException.invalid("body", "is larger than " + MAX_BODY + " bytes");
        }
        try {
            PARSER.merge(body, builder);
            return builder;
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            String field = culprit(body, builder);
            throw new ProbeException(ProbeException.Kind.INVALID_ARGUMENT, field,
                    field + ": invalid JSON: " + e.getMessage());
        }
    }

    /** Finds the first top-level field that does not parse on its own, to name it in the error. */
    private static String culprit(String body, Message.Builder builder) {
        try {
            JsonNode root = MAPPER.readTree(body);
            if (root == null || !root.isObject()) {
                return "body";
            }
            Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String one = MAPPER.createObjectNode().set(f.getKey(), f.getValue()).toString();
                try {
                    PARSER.merge(one, builder.getDefaultInstanceForType().newBuilderForType());
                } catch (InvalidProtocolBufferException | RuntimeException e) {
                    return f.getKey();
                }
            }
        } catch (Exception e) {
            return "body";
        }
        return "body";
    }

    static String print(MessageOrBuilder message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One compact JSON document that Jackson writes as-is (for NDJSON streams). */
    static RawValue printLine(MessageOrBuilder message) {
        try {
            return new RawValue(LINE_PRINTER.print(message));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
