package dev.l4lab.probe.rest;

import com.fasterxml.jackson.databind.util.RawValue;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.l4lab.probe.error.ProbeException;

/**
 * REST bodies are the proto messages in proto3 JSON (lowerCamel names, enums as names, bytes as
 * base64), so the REST mirror and gRPC can never drift apart. {@link StrictJson} checks the JSON's
 * shape and types first; unknown fields are rejected.
 */
final class ProtoJson {

    static final int MAX_BODY = 64 * 1024;

    private static final JsonFormat.Parser PARSER = JsonFormat.parser();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().alwaysPrintFieldsWithNoPresence();
    private static final JsonFormat.Printer LINE_PRINTER = PRINTER.omittingInsignificantWhitespace();

    private ProtoJson() {
    }

    @SuppressWarnings("unchecked")
    static <M extends Message> M parse(String body, Message.Builder builder) {
        if (body == null || body.isBlank()) {
            return (M) builder.build();
        }
        if (body.length() > MAX_BODY) {
            throw ProbeException.invalid("body", "is larger than " + MAX_BODY + " bytes");
        }
        StrictJson.check(body, builder.getDescriptorForType());
        try {
            PARSER.merge(body, builder);
            return (M) builder.build();
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            // StrictJson passed, so this is a value JsonFormat itself refuses (an unknown enum name, bad base64)
            throw ProbeException.invalid("body", "invalid JSON for " + builder.getDescriptorForType().getName() + ": "
                    + e.getMessage());
        }
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
