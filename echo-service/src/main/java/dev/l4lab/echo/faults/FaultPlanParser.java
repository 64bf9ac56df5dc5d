package dev.l4lab.echo.faults;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns a PUT /faults body into a {@link FaultPlan}, checking every field's type and range by hand so the
 * 400 can name the field. Missing fields take their "no fault" value; unknown fields are rejected (a typo
 * must not silently mean "no fault").
 */
public final class FaultPlanParser {

    static final int MAX_DELAY_MS = 60_000;
    static final int MAX_CONNECTIONS = 1_000_000;
    private static final Set<String> FIELDS = Set.of("latencyMs", "jitterMs", "udpDropRate", "tcpResetRate",
        "refuse", "blackhole", "maxConnections", "unhealthy");

    private final ObjectMapper mapper;

    public FaultPlanParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public FaultPlan parse(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidFieldException(null, "malformed JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidFieldException(null, "body must be a JSON object");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidFieldException(name, "unknown field '" + name + "'");
            }
        }
        return new FaultPlan(
            intField(root, "latencyMs", 0, MAX_DELAY_MS),
            intField(root, "jitterMs", 0, MAX_DELAY_MS),
            rateField(root, "udpDropRate"),
            rateField(root, "tcpResetRate"),
            refuseField(root),
            boolField(root, "blackhole"),
            root.hasNonNull("maxConnections") ? intField(root, "maxConnections", 0, MAX_CONNECTIONS) : null,
            boolField(root, "unhealthy"));
    }

    private static int intField(JsonNode root, String field, int min, int max) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return 0;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < min || n.asInt() > max) {
            throw new InvalidFieldException(field, field + " must be a whole number " + min + ".." + max);
        }
        return n.asInt();
    }

    private static double rateField(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return 0.0;
        }
        if (!n.isNumber() || !(n.asDouble() >= 0.0 && n.asDouble() <= 1.0)) {
            throw new InvalidFieldException(field, field + " must be a number 0.0..1.0");
        }
        return n.asDouble();
    }

    private static boolean boolField(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw new InvalidFieldException(field, field + " must be true or false");
        }
        return n.asBoolean();
    }

    private static List<String> refuseField(JsonNode root) {
        JsonNode n = root.get("refuse");
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new InvalidFieldException("refuse", "refuse must be a list of \"tcp\" and/or \"udp\"");
        }
        Set<String> protocols = new LinkedHashSet<>();
        for (JsonNode p : n) {
            if (!p.isTextual() || !(p.asText().equals("tcp") || p.asText().equals("udp"))) {
                throw new InvalidFieldException("refuse", "refuse: unknown protocol " + p + " (allowed: \"tcp\", \"udp\")");
            }
            protocols.add(p.asText());
        }
        return new ArrayList<>(protocols);
    }
}
