package dev.metricsagent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Runs the real app once per test class on a free loopback port, with a store the tests can
 * empty between methods. Everything is then exercised over real HTTP.
 */
abstract class AppServerTestBase {

    static InMemoryProductStore store;
    static Http http;

    @BeforeAll
    static void startApp() {
        store = new InMemoryProductStore();
        http = new Http(DemoApp.start(0, "127.0.0.1", store));
    }

    @AfterAll
    static void stopApp() {
        DemoApp.stop();
    }

    @BeforeEach
    void emptyStore() {
        store.clear();
    }

    static String productJson(long id, String name, String price, int amount) {
        return "{\"id\":" + id + ",\"name\":\"" + name + "\",\"price\":" + price + ",\"amount\":" + amount + "}";
    }

    /** Creates a product through the API and checks it worked. */
    static void create(long id, String name, String price, int amount) {
        Http.Reply reply = http.postJson("/products", productJson(id, name, price, amount));
        assertEquals(201, reply.status(), reply::body);
    }

    /** The full product list as the API reports it. */
    static JsonNode listProducts() {
        Http.Reply reply = http.get("/products");
        assertEquals(200, reply.status(), reply::body);
        return reply.json();
    }
}
