package dev.metricsagent.demo;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A product as stored and returned by the API.
 *
 * <p>{@code price} is a {@link BigDecimal} so the value comes back exactly as the client sent it
 * (999.99 stays 999.99, 10.50 keeps its trailing zero); a double would not round-trip.
 */
public record Product(long id, String name, BigDecimal price, int amount) {

    public Product {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(price, "price");
    }
}
