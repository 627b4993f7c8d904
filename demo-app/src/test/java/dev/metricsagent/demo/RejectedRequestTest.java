package dev.metricsagent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad request gets the right 4xx, a JSON body naming the problem, and leaves the
 * store exactly as it was (checked through GET /products after each request).
 */
class RejectedRequestTest extends AppServerTestBase {

    private static final String JSON = "application/json";

    private String before;

    @BeforeEach
    void seed() {
        create(1, "Laptop", "999.99", 10);
        create(2, "Mouse", "19.99", 5);
        before = http.get("/products").body();
    }

    record Case(String method, String path, String contentType, BodyPublisher body,
                int status, String error, String detailContains) {
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        String valid3 = productJson(3, "Pen", "1.25", 7);

        // Not usable JSON at all.
        post(cases, "malformed JSON", "{\"id\":3,", 400, "invalid_json", "malformed JSON");
        post(cases, "empty body", "", 400, "invalid_json", "empty");
        post(cases, "whitespace-only body", " \n\t ", 400, "invalid_json", "empty");
        post(cases, "array instead of object", "[" + valid3 + "]", 400, "invalid_json", "got an array");
        post(cases, "number instead of object", "42", 400, "invalid_json", "must be a JSON object");
        post(cases, "string instead of object", "\"Pen\"", 400, "invalid_json", "got a string");
        post(cases, "null instead of object", "null", 400, "invalid_json", "got null");
        post(cases, "trailing garbage", valid3 + " x", 400, "invalid_json", "malformed JSON");
        post(cases, "two objects", valid3 + valid3, 400, "invalid_json", "malformed JSON");
        post(cases, "duplicate key", "{\"id\":3,\"id\":4,\"name\":\"Pen\",\"price\":1,\"amount\":1}",
                400, "invalid_json", "Duplicate field 'id'");
        post(cases, "NaN price", "{\"id\":3,\"name\":\"Pen\",\"price\":NaN,\"amount\":1}", 400, "invalid_json", "NaN");
        post(cases, "Infinity price", "{\"id\":3,\"name\":\"Pen\",\"price\":Infinity,\"amount\":1}",
                400, "invalid_json", "malformed JSON");
        post(cases, "single quotes", "{'id':3,'name':'Pen','price':1,'amount':1}", 400, "invalid_json", "malformed JSON");
        post(cases, "comment", "{\"id\":3,/*x*/\"name\":\"Pen\",\"price\":1,\"amount\":1}", 400, "invalid_json", "malformed");
        post(cases, "nesting deeper than 1000", "{\"a\":".repeat(1500) + "1" + "}".repeat(1500),
                400, "invalid_json", "nesting depth");
        postBytes(cases, "invalid UTF-8 byte", bytes("{\"id\":3,\"name\":\"", new byte[] {(byte) 0xFF}, "\",\"price\":1,\"amount\":1}"),
                400, "invalid_json", "not valid UTF-8 (at byte 16)");
        postBytes(cases, "overlong UTF-8 encoding", bytes("{\"id\":3,\"name\":\"", new byte[] {(byte) 0xC0, (byte) 0xAF}, "\",\"price\":1,\"amount\":1}"),
                400, "invalid_json", "not valid UTF-8");
        postBytes(cases, "UTF-8 encoded surrogate", bytes("{\"id\":3,\"name\":\"", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\",\"price\":1,\"amount\":1}"),
                400, "invalid_json", "not valid UTF-8");
        postBytes(cases, "truncated UTF-8 sequence at end", bytes(valid3, new byte[] {(byte) 0xE2, (byte) 0x82}, ""),
                400, "invalid_json", "not valid UTF-8");

        // A JSON object, but not a product.
        post(cases, "unknown field", "{\"id\":3,\"name\":\"Pen\",\"price\":1,\"amount\":1,\"color\":\"red\"}",
                400, "invalid_product", "unknown field 'color'");
        for (String field : List.of("id", "name", "price", "amount")) {
            post(cases, "missing " + field, without(valid3, field), 400, "invalid_product", "missing field '" + field + "'");
            post(cases, "null " + field, valid3.replaceFirst("\"" + field + "\":[^,}]+", "\"" + field + "\":null"),
                    400, "invalid_product", "field '" + field + "' must not be null");
        }
        for (String id : List.of("0", "-1", "1.5", "3.0", "1e2", "\"3\"", "true", "[3]", "{}")) {
            post(cases, "id " + id, productJson(3, "Pen", "1", 1).replace("\"id\":3", "\"id\":" + id),
                    400, "invalid_product", "field 'id' must be a positive integer");
        }
        post(cases, "id beyond long", productJson(3, "Pen", "1", 1).replace("\"id\":3", "\"id\":9223372036854775808"),
                400, "invalid_product", "field 'id' is out of range");
        for (String name : List.of("123", "true", "[\"Pen\"]", "{}")) {
            post(cases, "name " + name, "{\"id\":3,\"name\":" + name + ",\"price\":1,\"amount\":1}",
                    400, "invalid_product", "field 'name' must be a string");
        }
        post(cases, "empty name", productJson(3, "", "1", 1), 400, "invalid_product", "field 'name' must not be blank");
        post(cases, "blank name", productJson(3, " \\t ", "1", 1), 400, "invalid_product", "field 'name' must not be blank");
        post(cases, "name of 201 characters", productJson(3, "n".repeat(201), "1", 1),
                400, "invalid_product", "field 'name' must be at most 200 characters");
        for (String price : List.of("\"9.99\"", "true", "[1]", "{}")) {
            post(cases, "price " + price, productJson(3, "Pen", price, 1), 400, "invalid_product", "field 'price' must be a number");
        }
        post(cases, "negative price", productJson(3, "Pen", "-0.01", 1), 400, "invalid_product", "field 'price' must be >= 0");
        post(cases, "price 1e400000", productJson(3, "Pen", "1e400000", 1), 400, "invalid_product", "at most 38 digits");
        post(cases, "price 1e-400000", productJson(3, "Pen", "1e-400000", 1), 400, "invalid_product", "at most 38 digits");
        post(cases, "price with 39 digits", productJson(3, "Pen", "1" + "0".repeat(38), 1), 400, "invalid_product", "at most 38 digits");
        post(cases, "price with 39 decimals", productJson(3, "Pen", "0." + "1".repeat(39), 1), 400, "invalid_product", "at most 38 digits");
        for (String amount : List.of("1.5", "\"10\"", "1e1", "false")) {
            post(cases, "amount " + amount, productJson(3, "Pen", "1", 1).replace("\"amount\":1", "\"amount\":" + amount),
                    400, "invalid_product", "field 'amount' must be an integer");
        }
        post(cases, "negative amount", productJson(3, "Pen", "1", -1), 400, "invalid_product", "field 'amount' must be >= 0");
        post(cases, "amount beyond int", productJson(3, "Pen", "1", 1).replace("\"amount\":1", "\"amount\":2147483648"),
                400, "invalid_product", "field 'amount' is out of range");
        post(cases, "duplicate id", productJson(1, "Other", "5", 5), 409, "already_exists", "product 1 already exists");

        // Wrong media type or size.
        for (String type : new String[] {null, "text/plain", "application/xml", "application/json-patch+json",
                "application/x-www-form-urlencoded", "application/json; charset=iso-8859-1"}) {
            cases.add(named("Content-Type " + type, new Case("POST", "/products", type, BodyPublishers.ofString(valid3),
                    415, "unsupported_media_type", type != null && type.contains("charset") ? "UTF-8" : "application/json")));
        }
        byte[] oversized = oversizedBody();
        cases.add(named("oversized body (Content-Length)", new Case("POST", "/products", JSON,
                BodyPublishers.ofByteArray(oversized), 413, "payload_too_large", "declared")));
        cases.add(named("oversized body (chunked, no Content-Length)", new Case("POST", "/products", JSON,
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(oversized)), 413, "payload_too_large", "more than 65536")));

        // PUT specifics.
        put(cases, "PUT id differs from path", "/products/1", productJson(2, "Swap", "1", 1),
                400, "invalid_product", "must equal the path id");
        put(cases, "PUT unknown product", "/products/99", productJson(99, "Ghost", "1", 1), 404, "not_found", "product 99");
        put(cases, "PUT invalid body", "/products/1", without(productJson(1, "Laptop", "1", 1), "price"),
                400, "invalid_product", "missing field 'price'");
        put(cases, "PUT malformed body", "/products/1", "{", 400, "invalid_json", "malformed");
        put(cases, "PUT non-numeric path id", "/products/abc", productJson(1, "X", "1", 1), 400, "invalid_id", "'abc'");
        cases.add(named("PUT text/plain", new Case("PUT", "/products/1", "text/plain",
                BodyPublishers.ofString(productJson(1, "X", "1", 1)), 415, "unsupported_media_type", "application/json")));
        cases.add(named("PUT oversized", new Case("PUT", "/products/1", JSON,
                BodyPublishers.ofByteArray(oversized), 413, "payload_too_large", "65536")));

        // Path ids.
        for (String method : List.of("GET", "DELETE")) {
            for (String id : List.of("abc", "-1", "0", "1.5", "%2B1", "99999999999999999999", "1e3")) {
                cases.add(named(method + " /products/" + id, new Case(method, "/products/" + id, null,
                        BodyPublishers.noBody(), 400, "invalid_id", "path id")));
            }
            cases.add(named(method + " unknown product", new Case(method, "/products/99", null,
                    BodyPublishers.noBody(), 404, "not_found", "product 99 does not exist")));
            cases.add(named(method + " /products/%FF", new Case(method, "/products/%FF", null,
                    BodyPublishers.noBody(), 400, "invalid_path", "UTF-8")));
        }
        cases.add(named("GET out-of-range id names the limit", new Case("GET", "/products/99999999999999999999", null,
                BodyPublishers.noBody(), 400, "invalid_id", "out of range")));

        // No such route.
        post(cases, "POST to an unknown path", "/nope", valid3, 404, "not_found", "POST /nope");
        post(cases, "POST to /products/:id", "/products/3", valid3, 404, "not_found", "POST /products/3");
        cases.add(named("PATCH", new Case("PATCH", "/products/1", JSON, BodyPublishers.ofString(valid3),
                404, "not_found", "PATCH /products/1")));
        cases.add(named("DELETE collection", new Case("DELETE", "/products", null, BodyPublishers.noBody(),
                404, "not_found", "DELETE /products")));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectedWithJsonErrorAndNoChange(Case c) {
        Http.Reply reply = http.send(c.method(), c.path(), c.contentType(), c.body());
        String detail = reply.assertError(c.status(), c.error());
        assertTrue(detail.contains(c.detailContains()), () -> "detail '" + detail + "' should mention '" + c.detailContains() + "'");
        assertEquals(before, http.get("/products").body(), "store must be unchanged");
    }

    @Test
    void declaredOversizeIsRefusedWithoutWaitingForTheBody() {
        // Declares 100 MB, sends one byte; answering at all proves only the header was looked at.
        String answer = http.raw("POST /products HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100000000\r\nConnection: close\r\n\r\n{");
        assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
        assertTrue(answer.contains("\"error\":\"payload_too_large\""), answer);
        assertEquals(before, http.get("/products").body());
    }

    /**
     * Regression (found by the hostile-input property): an error decided before the body is read
     * (bad path id, wrong Content-Type, no route) left up to 64 KiB unread; Jetty then closed the
     * connection under the client, which sometimes lost the answer. Within the limit every answer
     * must arrive.
     */
    @Test
    void errorsDecidedBeforeTheBodyStillReachTheClient() {
        byte[] body = ("{\"id\":1,\"name\":\"" + "x".repeat(JsonBody.MAX_BYTES - 100) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertTrue(body.length <= JsonBody.MAX_BYTES);
        record Rejected(String method, String path, String contentType, int status) {
        }
        List<Rejected> cases = List.of(
                new Rejected("PUT", "/products/-18406815641068307482677306", JSON, 400),
                new Rejected("PUT", "/products/abc", JSON, 400),
                new Rejected("POST", "/products", "text/plain", 415),
                new Rejected("PUT", "/products/1", "text/plain", 415),
                new Rejected("POST", "/nowhere", JSON, 404));
        List<String> failures = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            for (Rejected c : cases) {
                try {
                    Http.Reply reply = http.send(c.method(), c.path(), c.contentType(), BodyPublishers.ofByteArray(body));
                    if (reply.status() != c.status()) {
                        failures.add(c + " answered " + reply.status() + ": " + reply.body());
                    }
                } catch (java.io.UncheckedIOException e) {
                    failures.add(c + " lost its answer: " + e.getCause());
                }
            }
        }
        assertEquals(List.of(), failures);
        assertEquals(before, http.get("/products").body());
    }

    /**
     * Regression (found by CI): a declared oversize was refused unread, so Jetty closed the
     * connection while the client was still sending, and the client sometimes got a broken pipe
     * instead of its 413. Up to {@link JsonBody#MAX_DISCARD_BYTES} the body is now read and
     * dropped after the answer, so every 413 arrives.
     */
    @Test
    void declaredOversizeStillGetsItsAnswer() {
        List<String> failures = new ArrayList<>();
        for (int size : new int[] {JsonBody.MAX_BYTES + 1, 1024 * 1024, (int) (int) JsonBody.MAX_DISCARD_BYTES}) {
            byte[] body = oversizedBody(size);
            for (int round = 0; round < 10; round++) {
                for (String[] target : new String[][] {{"POST", "/products"}, {"PUT", "/products/1"}}) {
                    try {
                        Http.Reply reply = http.send(target[0], target[1], JSON, BodyPublishers.ofByteArray(body));
                        if (reply.status() != 413) {
                            failures.add(target[0] + " " + size + " B answered " + reply.status());
                        }
                    } catch (java.io.UncheckedIOException e) {
                        failures.add(target[0] + " " + size + " B lost its answer: " + e.getCause());
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
        assertEquals(before, http.get("/products").body());
    }

    @Test
    void malformedUriRejectedByJettyStillGetsJson() {
        String answer = http.raw("GET /products/%ZZ HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertTrue(answer.toLowerCase().contains("content-type: application/json"), answer);
        assertTrue(answer.contains("\"error\":\"bad_request\""), answer);
        assertEquals(before, http.get("/products").body());
    }

    @Test
    void unparseableRequestLineGetsJson() {
        String answer = http.raw("GARBAGE\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertTrue(answer.toLowerCase().contains("content-type: application/json"), answer);
        assertTrue(answer.contains("\"error\":\"bad_request\""), answer);
    }

    @Test
    void oversizedHeadersGetJson() {
        String answer = http.raw("GET /health HTTP/1.1\r\nHost: test\r\nX-Big: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 431 "), answer);
        assertTrue(answer.contains("\"error\":\"request_header_fields_too_large\""), answer);
    }

    @Test
    void brokenChunkedEncodingIs400() {
        String answer = http.raw("POST /products HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\nabc\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
        assertTrue(answer.contains("\"error\":"), answer);
        assertEquals(before, http.get("/products").body());
    }

    @Test
    void errorsNeverLeakStackTraces() {
        // A sample across every error path; none may look like a Java exception.
        List<Http.Reply> replies = List.of(
                http.postJson("/products", "{\"id\":"),
                http.get("/products/%FF"),
                http.get("/products/abc"),
                http.get("/nope"),
                http.postJson("/products", productJson(3, "Pen", "1e400000", 1)));
        for (Http.Reply reply : replies) {
            assertTrue(reply.status() >= 400 && reply.status() < 500, reply.body());
            for (String marker : new String[] {"Exception", "\tat ", ".java:", "jackson"}) {
                assertFalse(reply.body().contains(marker), () -> "leaks '" + marker + "': " + reply.body());
            }
        }
    }

    private static void post(List<Arguments> cases, String name, String body, int status, String error, String detail) {
        post(cases, name, "/products", body, status, error, detail);
    }

    private static void post(List<Arguments> cases, String name, String path, String body, int status, String error, String detail) {
        cases.add(named(name, new Case("POST", path, JSON, BodyPublishers.ofString(body), status, error, detail)));
    }

    private static void postBytes(List<Arguments> cases, String name, byte[] body, int status, String error, String detail) {
        cases.add(named(name, new Case("POST", "/products", JSON, BodyPublishers.ofByteArray(body), status, error, detail)));
    }

    private static void put(List<Arguments> cases, String name, String path, String body, int status, String error, String detail) {
        cases.add(named(name, new Case("PUT", path, JSON, BodyPublishers.ofString(body), status, error, detail)));
    }

    private static Arguments named(String name, Case c) {
        return Arguments.of(Named.of(name, c));
    }

    private static String without(String json, String field) {
        return json.replaceFirst("\"" + field + "\":[^,}]+,?", "").replace(",}", "}");
    }

    private static byte[] bytes(String prefix, byte[] middle, String suffix) {
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] s = suffix.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[p.length + middle.length + s.length];
        System.arraycopy(p, 0, all, 0, p.length);
        System.arraycopy(middle, 0, all, p.length, middle.length);
        System.arraycopy(s, 0, all, p.length + middle.length, s.length);
        return all;
    }

    /** A syntactically valid product one byte over the limit, so only the size can be the problem. */
    private static byte[] oversizedBody() {
        return oversizedBody(JsonBody.MAX_BYTES + 1);
    }

    private static byte[] oversizedBody(int size) {
        String json = productJson(3, "Pen", "1", 1);
        return (json + " ".repeat(size - json.length())).getBytes(StandardCharsets.UTF_8);
    }
}
