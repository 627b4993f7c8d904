package dev.metricsagent.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;

/** The one Jackson configuration of the app, plus the JSON shapes it writes. */
final class Json {

    static final String CONTENT_TYPE = "application/json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // Floats become BigDecimal, never double: prices must round-trip exactly.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // ...and keep the scale the client chose (10.50 stays 10.50, not 10.5).
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            // "{...} garbage" is malformed, not "the first object".
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // {"id":1,"id":2} is ambiguous; refuse it instead of silently taking the last one.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // 1e3 is written as 1000 rather than 1E+3, which clients handle more often.
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private Json() {
    }

    /** Parses a complete JSON document; any syntax problem becomes a 400 naming it. */
    static JsonNode parse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw ApiError.invalidJson("request body is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            // getOriginalMessage() omits Jackson's echo of the source; the location is enough.
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw ApiError.invalidJson("malformed JSON: " + Text.truncate(readable(e.getOriginalMessage()), 200) + where);
        } catch (NumberFormatException e) {
            // Jackson lets "Exponent overflow" (e.g. 1e2147483648) escape unwrapped
            throw ApiError.invalidJson("malformed JSON: a number is out of range");
        }
    }

    /** Drops the parts of Jackson's messages aimed at Java developers (feature and class names). */
    private static String readable(String message) {
        return message
                .replaceAll("\\s*\\(start marker at \\[Source: .*?]\\)", "")
                .replaceAll("\\s*(at )?\\[Source: .*?; line: \\d+, column: \\d+]", "")
                .replaceAll(", from `[^`]*`", "")
                .replaceAll("\\s*\\(bound as `[^`]*`\\)", "")
                .replaceAll(":\\s*(enable|not allowed as per) `[^`]*`( to allow)?", "")
                .strip();
    }

    static String product(Product product) {
        return write(productNode(product));
    }

    static String products(List<Product> products) {
        ArrayNode array = MAPPER.createArrayNode();
        products.forEach(p -> array.add(productNode(p)));
        return write(array);
    }

    static String error(String error, String detail) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("error", error);
        node.put("detail", detail);
        return write(node);
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode productNode(Product product) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", product.id());
        node.put("name", product.name());
        // DecimalNode directly: no factory-level normalisation can touch the scale.
        node.set("price", DecimalNode.valueOf(product.price()));
        node.put("amount", product.amount());
        return node;
    }
}
