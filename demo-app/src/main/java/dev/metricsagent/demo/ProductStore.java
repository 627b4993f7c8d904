package dev.metricsagent.demo;

import java.util.List;
import java.util.Optional;

/**
 * Storage for products. Each mutating method is a single atomic step, so the API never needs
 * check-then-act sequences that could race between concurrent requests.
 */
public interface ProductStore {

    /** All products, ordered by id. */
    List<Product> findAll();

    Optional<Product> findById(long id);

    /** Stores a new product; returns false (and changes nothing) if the id is already taken. */
    boolean create(Product product);

    /** Replaces an existing product; returns false (and changes nothing) if the id is unknown. */
    boolean update(Product product);

    /** Removes a product; returns false if the id is unknown. */
    boolean delete(long id);
}
