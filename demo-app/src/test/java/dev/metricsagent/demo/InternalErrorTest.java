package dev.metricsagent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Server-side failures (simulated by a broken store) become a generic JSON 500: no stack trace,
 * no exception message, whatever the failure type.
 */
class InternalErrorTest {

    private static final String SECRET = "db-password=hunter2";
    private static Http http;

    /** Fails on every call: an Exception for reads and writes, an Error for delete. */
    private static final class BrokenStore implements ProductStore {
        @Override
        public List<Product> findAll() {
            throw new IllegalStateException(SECRET);
        }

        @Override
        public Optional<Product> findById(long id) {
            throw new NullPointerException(SECRET);
        }

        @Override
        public boolean create(Product product) {
            throw new UnsupportedOperationException(SECRET);
        }

        @Override
        public boolean update(Product product) {
            throw new IllegalStateException(SECRET);
        }

        @Override
        public boolean delete(long id) {
            // Spark only catches Exception; an Error reaches Jetty's error handler instead.
            throw new AssertionError(SECRET);
        }
    }

    @BeforeAll
    static void start() {
        http = new Http(DemoApp.start(0, "127.0.0.1", new BrokenStore()));
    }

    @AfterAll
    static void stop() {
        DemoApp.stop();
    }

    @Test
    void exceptionsBecomeGenericJson500() {
        List<Http.Reply> replies = List.of(
                http.get("/products"),
                http.get("/products/1"),
                http.postJson("/products", "{\"id\":1,\"name\":\"a\",\"price\":1,\"amount\":1}"),
                http.putJson("/products/1", "{\"id\":1,\"name\":\"a\",\"price\":1,\"amount\":1}"));
        for (Http.Reply reply : replies) {
            assertEquals("the server failed to handle the request", reply.assertError(500, "internal_error"));
            assertFalse(reply.body().contains(SECRET), reply.body());
        }
    }

    @Test
    void errorsBypassingSparkAreStillGenericJson500() {
        Http.Reply reply = http.delete("/products/1");
        assertEquals(500, reply.status(), reply.body());
        reply.assertJsonContentType();
        assertEquals("internal_error", reply.json().path("error").asText());
        assertFalse(reply.body().contains(SECRET), reply.body());
        assertFalse(reply.body().contains("AssertionError"), reply.body());
    }

    @Test
    void healthDoesNotDependOnTheStore() {
        assertEquals(200, http.get("/health").status());
    }
}
