package dev.l4lab.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.l4lab.gateway.api.ApiException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads request bodies with Quarkus' ObjectMapper (unknown fields are errors) and turns every Jackson
 * failure into a 400 naming the field ("rules[0].colour") or "body" for broken JSON.
 */
@ApplicationScoped
public class JsonBodies {

    private final ObjectMapper mapper;

    public JsonBodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public <T> T read(String body, Class<T> type, String example) {
        if (body == null || body.isBlank()) {
            throw ApiException.badInput("body", "a JSON body is required, for example " + example);
        }
        try {
            return mapper.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            String field = path(e);
            throw ApiException.badInput(field == null ? e.getPropertyName() : field, "unknown field '" + e.getPropertyName() + "'");
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof StreamReadException broken) {
                throw ApiException.badInput("body", "the body is not valid JSON: " + firstLine(broken.getOriginalMessage()));
            }
            String field = path(e);
            throw ApiException.badInput(field == null ? "body" : field,
                    "wrong type of value" + (field == null ? "" : " for " + field) + ": " + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw ApiException.badInput("body", "the body is not valid JSON: " + firstLine(e.getOriginalMessage()));
        }
    }

    /** "rules[2].port" from Jackson's reference chain. */
    static String path(JsonMappingException m) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            }
        }
        return b.length() == 0 ? null : b.toString();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.split("\n")[0];
    }
}
