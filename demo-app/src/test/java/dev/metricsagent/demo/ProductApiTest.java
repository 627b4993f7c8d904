package dev.metricsagent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The API's successful behaviour, endpoint by endpoint, over real HTTP. */
class ProductApiTest extends AppServerTestBase {

    @Test
    void indexDescribesServiceVersionAndEndpoints() {
        Http.Reply reply = http.get("/");
        assertEquals(200, reply.status());
        reply.assertJsonContentType();
        JsonNode json = reply.json();
        assertEquals("demo-app", json.path("service").asText());
        // Filtered from the pom at build time, so it must be a real version, not a placeholder.
        assertTrue(json.path("version").asText().matches("\\d+\\.\\d+\\.\\d+.*"), json.toString());
        List<String> endpoints = new ArrayList<>();
        json.path("endpoints").forEach(e -> endpoints.add(e.asText()));
        assertEquals(List.of("GET /", "GET /health", "GET /products", "POST /products",
                "GET /products/:id", "PUT /products/:id", "DELETE /products/:id"), endpoints);
    }

    @Test
    void healthIsUp() {
        Http.Reply reply = http.get("/health");
        assertEquals(200, reply.status());
        reply.assertJsonContentType();
        assertEquals("{\"status\":\"UP\"}", reply.body());
    }

    @Test
    void headHealthAnswersWithoutBody() {
        Http.Reply reply = http.head("/health");
        assertEquals(200, reply.status());
        reply.assertJsonContentType();
        assertEquals("", reply.body());
    }

    @Test
    void createReturns201WithProductAndLocation() {
        Http.Reply reply = http.postJson("/products", "{\"id\": 1, \"name\": \"Laptop\", \"price\": 999.99, \"amount\": 10}");
        assertEquals(201, reply.status(), reply.body());
        reply.assertJsonContentType();
        assertEquals("/products/1", reply.header("Location").orElse(null));
        assertEquals("{\"id\":1,\"name\":\"Laptop\",\"price\":999.99,\"amount\":10}", reply.body());
    }

    @Test
    void createdProductCanBeFetchedById() {
        create(42, "Desk", "150.00", 3);
        Http.Reply reply = http.get("/products/42");
        assertEquals(200, reply.status());
        reply.assertJsonContentType();
        assertEquals("{\"id\":42,\"name\":\"Desk\",\"price\":150.00,\"amount\":3}", reply.body());
    }

    @Test
    void listIsEmptyArrayInitially() {
        Http.Reply reply = http.get("/products");
        assertEquals(200, reply.status());
        reply.assertJsonContentType();
        assertEquals("[]", reply.body());
    }

    @Test
    void listIsOrderedByIdNotByInsertion() {
        for (long id : new long[] {30, 2, 1000, 7, 9_000_000_000L, 1}) {
            create(id, "p" + id, "1", 1);
        }
        List<Long> ids = new ArrayList<>();
        listProducts().forEach(p -> ids.add(p.path("id").asLong()));
        assertEquals(List.of(1L, 2L, 7L, 30L, 1000L, 9_000_000_000L), ids);
    }

    @Test
    void trailingSlashBehavesLikeProducts() {
        Http.Reply created = http.postJson("/products/", productJson(5, "Slash", "1.50", 2));
        assertEquals(201, created.status(), created.body());
        assertEquals("/products/5", created.header("Location").orElse(null));

        Http.Reply withSlash = http.get("/products/");
        Http.Reply without = http.get("/products");
        assertEquals(200, withSlash.status());
        withSlash.assertJsonContentType();
        assertEquals(without.body(), withSlash.body());
        assertEquals("[{\"id\":5,\"name\":\"Slash\",\"price\":1.50,\"amount\":2}]", withSlash.body());
    }

    @Test
    void updateReplacesTheWholeProduct() {
        create(1, "Laptop", "999.99", 10);
        Http.Reply reply = http.putJson("/products/1", productJson(1, "Laptop Pro", "1299.50", 4));
        assertEquals(200, reply.status(), reply.body());
        reply.assertJsonContentType();
        assertEquals("{\"id\":1,\"name\":\"Laptop Pro\",\"price\":1299.50,\"amount\":4}", reply.body());
        assertEquals(reply.body(), http.get("/products/1").body());
    }

    @Test
    void deleteReturns204WithEmptyBodyThenProductIsGone() {
        create(1, "Laptop", "999.99", 10);
        create(2, "Mouse", "19.99", 5);
        Http.Reply reply = http.delete("/products/1");
        assertEquals(204, reply.status());
        assertEquals("", reply.body());
        http.get("/products/1").assertError(404, "not_found");
        assertEquals(1, listProducts().size());
        assertEquals(2, listProducts().get(0).path("id").asLong());
    }

    @Test
    void deletedIdCanBeCreatedAgain() {
        create(3, "Old", "1", 1);
        assertEquals(204, http.delete("/products/3").status());
        create(3, "New", "2", 2);
        assertEquals("New", http.get("/products/3").json().path("name").asText());
    }

    /** Prices come back digit for digit as sent: no double rounding, no dropped trailing zeros. */
    @ParameterizedTest
    @ValueSource(strings = {"999.99", "0.1", "10.50", "1234567890.123456789", "0", "0.00", "5",
            "0.30000000000000004", "99999999999999999999999999999999999999"})
    void priceRoundTripsExactly(String price) {
        Http.Reply created = http.postJson("/products", productJson(1, "Thing", price, 1));
        assertEquals(201, created.status(), created.body());
        String expected = "{\"id\":1,\"name\":\"Thing\",\"price\":" + price + ",\"amount\":1}";
        assertEquals(expected, created.body());
        assertEquals(expected, http.get("/products/1").body());
        assertEquals("[" + expected + "]", http.get("/products").body());
    }

    @Test
    void priceInExponentNotationIsWrittenAsPlainNumber() {
        Http.Reply created = http.postJson("/products", productJson(1, "Thing", "1.5e3", 1));
        assertEquals(201, created.status(), created.body());
        assertTrue(created.body().contains("\"price\":1500,"), created.body());
    }

    @Test
    void boundaryValuesAreAccepted() {
        String name = "n".repeat(Validation.MAX_NAME_LENGTH);
        Http.Reply reply = http.postJson("/products",
                productJson(Long.MAX_VALUE, name, "0", Integer.MAX_VALUE));
        assertEquals(201, reply.status(), reply.body());
        JsonNode json = http.get("/products/" + Long.MAX_VALUE).json();
        assertEquals(Long.MAX_VALUE, json.path("id").asLong());
        assertEquals(name, json.path("name").asText());
        assertEquals(Integer.MAX_VALUE, json.path("amount").asInt());
    }

    @Test
    void unicodeNameRoundTripsAndLengthCountsCharacters() {
        // 200 characters outside the BMP are 400 UTF-16 units; the limit is on characters.
        String name = "\uD83D\uDCBB".repeat(Validation.MAX_NAME_LENGTH);
        Http.Reply reply = http.postJson("/products", "{\"id\":1,\"name\":\"" + name + "\",\"price\":1,\"amount\":1}");
        assertEquals(201, reply.status(), reply.body());
        assertEquals(name, http.get("/products/1").json().path("name").asText());
    }

    @Test
    void acceptedContentTypeVariants() {
        String[] types = {"application/json; charset=utf-8", "APPLICATION/JSON", "application/json;charset=\"UTF-8\"",
                "Application/Json ; Charset=UTF-8"};
        for (int i = 0; i < types.length; i++) {
            Http.Reply reply = http.send("POST", "/products", types[i],
                    BodyPublishers.ofString(productJson(i + 1, "x", "1", 1)));
            assertEquals(201, reply.status(), types[i] + " -> " + reply.body());
        }
        assertEquals(types.length, listProducts().size());
    }

    @Test
    void bodyOfExactlyTheLimitIsAccepted() {
        String json = productJson(1, "Big", "1", 1);
        String padded = json + " ".repeat(JsonBody.MAX_BYTES - json.length());
        Http.Reply reply = http.postJson("/products", padded);
        assertEquals(201, reply.status(), reply.body());
    }

    @Test
    void byteOrderMarkIsIgnored() {
        Http.Reply reply = http.postJson("/products", "\uFEFF" + productJson(1, "Bom", "1", 1));
        assertEquals(201, reply.status(), reply.body());
    }

    @Test
    void queryStringDoesNotChangeRouting() {
        create(1, "Q", "1", 1);
        assertEquals(200, http.get("/products/1?verbose=true").status());
        assertEquals(200, http.get("/products?page=2").status());
    }

    @Test
    void everyResponseIsJsonEvenWithoutARoute() {
        for (String path : new String[] {"/nope", "/products/1/extra", "/PRODUCTS"}) {
            String detail = http.get(path).assertError(404, "not_found");
            assertTrue(detail.contains(path), detail);
        }
        http.send("PATCH", "/products/1", "application/json",
                BodyPublishers.ofString("{}")).assertError(404, "not_found");
        assertFalse(http.get("/nope").body().contains("<html"));
    }
}
