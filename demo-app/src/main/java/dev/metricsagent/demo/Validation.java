package dev.metricsagent.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;

/**
 * Turns untrusted input (a path segment, a JSON tree) into domain values. Every rule violation is
 * an {@link ApiError} naming the field and what was wrong, so clients never have to guess.
 */
final class Validation {

    static final int MAX_NAME_LENGTH = 200;
    /** Total significant digits allowed in a price, as in SQL DECIMAL(38, s). */
    static final int MAX_PRICE_DIGITS = 38;

    private static final List<String> FIELDS = List.of("id", "name", "price", "amount");

    private Validation() {
    }

    /** The {@code :id} path parameter: a positive long written with ASCII digits only. */
    static long pathId(String raw) {
        if (raw == null || !raw.matches("[0-9]+")) {
            throw ApiError.invalidId("path id " + Text.quote(String.valueOf(raw), 40) + " is not a positive integer");
        }
        long id;
        try {
            id = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw ApiError.invalidId("path id " + Text.quote(raw, 40) + " is out of range (max " + Long.MAX_VALUE + ")");
        }
        if (id <= 0) {
            throw ApiError.invalidId("path id " + Text.quote(raw, 40) + " is not a positive integer");
        }
        return id;
    }

    /** A complete product from a JSON object: exactly the four fields, none null. */
    static Product product(JsonNode body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiError.invalidProduct("unknown field " + Text.quote(name, 40)
                        + "; expected exactly " + String.join(", ", FIELDS));
            }
        }
        return new Product(
                id(field(body, "id")),
                name(field(body, "name")),
                price(field(body, "price")),
                amount(field(body, "amount")));
    }

    private static JsonNode field(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null) {
            throw ApiError.invalidProduct("missing field '" + name + "'");
        }
        if (value.isNull()) {
            throw ApiError.invalidProduct("field '" + name + "' must not be null");
        }
        return value;
    }

    private static long id(JsonNode value) {
        // isIntegralNumber() is false for 1.5, 1.0, 1e2 and "1": all rejected, none coerced.
        if (!value.isIntegralNumber() || value.bigIntegerValue().signum() <= 0) {
            throw ApiError.invalidProduct("field 'id' must be a positive integer, got " + describe(value));
        }
        if (!value.canConvertToLong()) {
            throw ApiError.invalidProduct("field 'id' is out of range (max " + Long.MAX_VALUE + ")");
        }
        return value.longValue();
    }

    private static String name(JsonNode value) {
        if (!value.isTextual()) {
            throw ApiError.invalidProduct("field 'name' must be a string, got " + describe(value));
        }
        String name = value.textValue();
        if (name.isBlank()) {
            throw ApiError.invalidProduct("field 'name' must not be blank");
        }
        if (hasLoneSurrogate(name)) {
            // JSON escapes can spell half a UTF-16 pair; it has no UTF-8 form and would come back as '?'
            throw ApiError.invalidProduct("field 'name' must be valid Unicode text (it contains a lone surrogate)");
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            throw ApiError.invalidProduct("field 'name' must be at most " + MAX_NAME_LENGTH + " characters");
        }
        return name;
    }

    private static BigDecimal price(JsonNode value) {
        // Only JSON numbers: "9.99" is a string and is refused rather than coerced. JSON has no
        // NaN/Infinity literals and the parser rejects them, so a number here is always finite.
        if (!value.isNumber()) {
            throw ApiError.invalidProduct("field 'price' must be a number, got " + describe(value));
        }
        BigDecimal price = value.decimalValue();
        // Bounds both ends of the plain form: 1e400000 and 1e-400000 would each be ~400 KB of digits.
        long integerDigits = Math.max((long) price.precision() - price.scale(), 0);
        long fractionDigits = Math.max(price.scale(), 0);
        if (integerDigits + fractionDigits > MAX_PRICE_DIGITS) {
            throw ApiError.invalidProduct("field 'price' must have at most " + MAX_PRICE_DIGITS + " digits");
        }
        if (price.signum() < 0) {
            throw ApiError.invalidProduct("field 'price' must be >= 0, got " + Text.truncate(price.toString(), 40));
        }
        return price;
    }

    private static int amount(JsonNode value) {
        if (!value.isIntegralNumber()) {
            throw ApiError.invalidProduct("field 'amount' must be an integer, got " + describe(value));
        }
        if (value.bigIntegerValue().signum() < 0) {
            throw ApiError.invalidProduct("field 'amount' must be >= 0, got " + Text.truncate(value.asText(), 40));
        }
        if (!value.canConvertToInt()) {
            throw ApiError.invalidProduct("field 'amount' is out of range (max " + Integer.MAX_VALUE + ")");
        }
        return value.intValue();
    }

    /** Short description of a JSON value for messages, without echoing large content. */
    static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "a string";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NUMBER -> value.isIntegralNumber()
                    ? Text.truncate(value.asText(), 40)
                    : "a non-integer number " + Text.truncate(value.decimalValue().toString(), 40);
            default -> value.getNodeType().toString().toLowerCase();
        };
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
