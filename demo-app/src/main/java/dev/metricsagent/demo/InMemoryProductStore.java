package dev.metricsagent.demo;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Thread-safe in-memory store. A skip-list map keeps products sorted by id, so listing needs no
 * extra sort, and its putIfAbsent/replace/remove are atomic.
 */
public final class InMemoryProductStore implements ProductStore {

    private final ConcurrentNavigableMap<Long, Product> products = new ConcurrentSkipListMap<>();

    @Override
    public List<Product> findAll() {
        return List.copyOf(products.values());
    }

    @Override
    public Optional<Product> findById(long id) {
        return Optional.ofNullable(products.get(id));
    }

    @Override
    public boolean create(Product product) {
        return products.putIfAbsent(product.id(), product) == null;
    }

    @Override
    public boolean update(Product product) {
        return products.replace(product.id(), product) != null;
    }

    @Override
    public boolean delete(long id) {
        return products.remove(id) != null;
    }

    /** Test hook: lets one running server be reused across test methods. */
    void clear() {
        products.clear();
    }
}
