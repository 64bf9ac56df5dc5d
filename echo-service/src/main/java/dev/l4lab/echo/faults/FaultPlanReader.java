package dev.l4lab.echo.faults;

import com.fasterxml.jackson.core.JsonProcessingException;
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
 * wrong JSON type ("10" or 1.5 for a whole number, 1 for a boolean, "tcp" for a list) and anything after
 * the object, and a number for "tcp"/"udp" are errors, which the API's mappers turn into 400 naming the field. A typo must not silently
 * mean "no fault". The body is read as text so any Content-Type works (curl -d sends a form type).
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
            .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT, DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
    }

    /** The plan in the body, range-checked. */
    public FaultPlan read(String body) throws JsonProcessingException {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("body", "body must be a JSON object, e.g. {\"latencyMs\":200}");
        }
        FaultPlan plan = reader.readValue(body);
        if (plan == null) {
            throw ApiException.badRequest("body", "body must be a JSON object, not null");
        }
        return plan.checked();
    }
}
