package dev.l4lab.echo.faults;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.l4lab.echo.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Binds a PUT /faults body to a {@link FaultPlan} with Jackson, strictly: unknown fields, a value of the
 * wrong JSON type ("10" or 1.5 for a whole number, 1 for a boolean, "tcp" for a list, a number for "tcp"/"udp"),
 * a field given twice and anything after the object are errors, which the API's mappers turn into 400 naming
 * the field. A typo must not silently mean "no fault", nor {"latencyMs":99999,"latencyMs":0} a plan of 0 ms.
 * The body is read as text so any Content-Type works (curl -d sends a form type).
 */
@ApplicationScoped
public class FaultPlanReader {

    private final ObjectReader reader;

    public FaultPlanReader(ObjectMapper mapper) {
        ObjectMapper strict = mapper.copy();
        strict.coercionConfigDefaults()
            .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        this.reader = strict.readerFor(FaultPlan.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT, DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
    }

    /** The plan in the body, range-checked. */
    public FaultPlan read(String body) throws JsonProcessingException {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("body", "body must be a JSON object, e.g. {\"latencyMs\":200}");
        }
        FaultPlan plan;
        try {
            plan = reader.readValue(body);
        } catch (JsonParseException e) {
            // Jackson reports a duplicate as a plain parse error; its parsing context holds the repeated name.
            JsonParser parser = e.getProcessor();
            String field = parser != null ? parser.getParsingContext().getCurrentName() : null;
            if (field != null && e.getOriginalMessage().startsWith("Duplicate field")) {
                throw ApiException.badRequest(field, field + " is given twice; give each field at most once");
            }
            throw e;
        }
        if (plan == null) {
            throw ApiException.badRequest("body", "body must be a JSON object, not null");
        }
        return plan.checked();
    }
}
