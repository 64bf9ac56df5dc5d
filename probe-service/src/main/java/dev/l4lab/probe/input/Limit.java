package dev.l4lab.probe.input;

import dev.l4lab.probe.error.ProbeException;
import java.util.List;

/**
 * One request field's allowed range and what 0 means. Validation, the README's limits table and the
 * proto comments all state these values (a test checks the last two against {@code Limits}).
 *
 * @param field       JSON (lowerCamel) name, used in errors
 * @param min         smallest allowed value other than 0
 * @param max         largest allowed value
 * @param maxKey      config key that sets {@code max}, or null when it is fixed
 * @param zero        what 0 (proto3's "not set") means
 * @param dflt        the value used for 0 when {@code zero} is DEFAULT
 * @param defaultKey  config key that sets {@code dflt}, or null
 * @param protoFields the proto fields it applies to, as Message.field_name
 * @param unit        "" for a number, or what is counted (a length limit: "bytes", "characters")
 */
public record Limit(String field, int min, int max, String maxKey, Zero zero, int dflt, String defaultKey,
                    List<String> protoFields, String unit) {

    /** What a 0 in the request means. */
    public enum Zero {
        /** 0 is not allowed: the field must be set. */
        REQUIRED,
        /** 0 means {@code dflt}. */
        DEFAULT,
        /** 0 is a value of its own (for example "any port"). */
        ALLOWED
    }

    public static Limit of(String field, int min, int max, Zero zero, int dflt, String... protoFields) {
        return new Limit(field, min, max, null, zero, dflt, null, List.of(protoFields), "");
    }

    public Limit maxFrom(String key, int value) {
        return new Limit(field, min, value, key, zero, Math.min(dflt, value), defaultKey, protoFields, unit);
    }

    public Limit defaultFrom(String key, int value) {
        return new Limit(field, min, max, maxKey, zero, value, key, protoFields, unit);
    }

    public Limit counting(String what) {
        return new Limit(field, min, max, maxKey, zero, dflt, defaultKey, protoFields, what);
    }

    /** The value to use: {@code dflt} for 0 where 0 means the default; otherwise it must lie inside the range. */
    public int check(int value) {
        if (value == 0) {
            switch (zero) {
                case DEFAULT:
                    return dflt;
                case ALLOWED:
                    return 0;
                default:
                    throw ProbeException.invalid(field, "is required (" + rangeText() + ")");
            }
        }
        if (value < min || value > max) {
            throw ProbeException.invalid(field, "must be between " + (zero == Zero.ALLOWED ? 0 : min) + " and " + max
                    + ", got " + Integer.toUnsignedString(value));
        }
        return value;
    }

    /** For length limits: the length must be at most {@code max}. */
    public void checkLength(int length) {
        if (length > max) {
            throw ProbeException.invalid(field, "is " + length + " " + unit + ", at most " + max + " allowed");
        }
    }

    /**
     * The range as the README and the proto state it: "1-60000", "1-probe.limits.max-scan-concurrency (1024)",
     * or for a length "at most probe.limits.max-payload-bytes (4096) bytes".
     */
    public String rangeText() {
        String upper = maxKey == null ? String.valueOf(max) : maxKey + " (" + max + ")";
        if (!unit.isEmpty()) {
            return "at most " + upper + " " + unit;
        }
        return (zero == Zero.ALLOWED ? 0 : min) + "-" + upper;
    }

    /** The default as the README and the proto state it, or null when 0 does not mean a default. */
    public String defaultText() {
        if (zero != Zero.DEFAULT) {
            return null;
        }
        return defaultKey == null ? String.valueOf(dflt) : defaultKey + " (" + dflt + ")";
    }
}
