package dev.l4lab.probe.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.l4lab.probe.error.ProbeException;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The REST mirror's JSON, checked before protobuf's JsonFormat sees it, because JsonFormat is lenient:
 * it takes [7000] or "7000" for a number, 12 for a string and a field twice. Here a body is one JSON
 * object whose keys are the message's lowerCamel names, each at most once, each value of the field's
 * JSON type (numbers for integers: whole, in range; strings for strings, bytes and enums; true/false for
 * booleans), no nulls, nothing after the object.
 */
final class StrictJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final BigInteger UINT32_MAX = BigInteger.valueOf(0xFFFF_FFFFL);

    private StrictJson() {
    }

    static void check(String body, Descriptor message) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ProbeException.invalid("body", "is not valid JSON: " + e.getOriginalMessage()
                    + location(e));
        }
        if (root == null || !root.isObject()) {
            throw ProbeException.invalid("body", "must be a JSON object");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            FieldDescriptor fd = byJsonName(message, f.getKey());
            if (fd == null) {
                throw ProbeException.invalid(f.getKey(), "is not a field of " + message.getName());
            }
            checkValue(f.getKey(), fd, f.getValue());
        }
    }

    private static FieldDescriptor byJsonName(Descriptor message, String name) {
        for (FieldDescriptor fd : message.getFields()) {
            if (fd.getJsonName().equals(name)) {
                return fd;
            }
        }
        return null;
    }

    private static void checkValue(String name, FieldDescriptor fd, JsonNode v) {
        if (v.isNull()) {
            throw ProbeException.invalid(name, "must not be null (leave the field out for its default)");
        }
        switch (fd.getJavaType()) {
            case INT:
            case LONG:
                if (!v.isIntegralNumber()) {
                    throw ProbeException.invalid(name, "must be a whole JSON number, got " + kind(v));
                }
                BigInteger n = v.bigIntegerValue();
                if (n.signum() < 0 || n.compareTo(UINT32_MAX) > 0) {
                    throw ProbeException.invalid(name, "must be between 0 and 4294967295, got " + n);
                }
                return;
            case BOOLEAN:
                if (!v.isBoolean()) {
                    throw ProbeException.invalid(name, "must be true or false, got " + kind(v));
                }
                return;
            case STRING:
                text(name, v, "");
                return;
            case BYTE_STRING:
                if (!isBase64(text(name, v, " (base64)"))) {
                    throw ProbeException.invalid(name, "is not base64");
                }
                return;
            case ENUM:
                if (fd.getEnumType().findValueByName(text(name, v, "")) == null) {
                    throw ProbeException.invalid(name, "'" + v.asText() + "' is not one of "
                            + fd.getEnumType().getValues().stream().map(e -> e.getName()).toList());
                }
                return;
            default:
                throw ProbeException.invalid(name, "is not accepted over REST");
        }
    }

    private static String text(String name, JsonNode v, String what) {
        if (!v.isTextual()) {
            throw ProbeException.invalid(name, "must be a JSON string" + what + ", got " + kind(v));
        }
        return v.textValue();
    }

    /** Standard or URL-safe alphabet, padded or not: what JsonFormat accepts. */
    private static boolean isBase64(String text) {
        try {
            (text.indexOf('-') >= 0 || text.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String kind(JsonNode v) {
        if (v.isArray()) {
            return "an array";
        }
        if (v.isObject()) {
            return "an object";
        }
        if (v.isTextual()) {
            return "a string";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        return v.isNumber() ? "the number " + v.asText() : v.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }
}
