package dev.metricsagent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 8 threads, 2000 requests against one server. Each thread owns a disjoint id range it creates,
 * updates and deletes in random order; on a shared id range all threads race to create the same
 * id at the same moment. The final GET /products must equal the model rebuilt from the status codes: exactly one
 * 201 per shared id (holding the winner's data), and each owned id in the state its owner's
 * successful requests left it in.
 */
class ConcurrencyTest extends AppServerTestBase {

    private static final int THREADS = 8;
    private static final int SHARED_IDS = 50;          // 8 x 50 = 400 racing creates, 8 per id at once
    private static final int OWNED_OPS_PER_THREAD = 200; // 8 x 200 = 1600 owned operations
    private static final int OWNED_IDS_PER_THREAD = 20;  // few ids, so ops collide and all outcomes occur

    /** What one request tried to do and how the server answered. */
    private record Op(String kind, long id, String body, int status) {
    }

    @Test
    void finalStateMatchesWhatSucceeded() throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<List<Op>>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> runThread(thread, barrier)));
        }
        List<List<Op>> perThread = new ArrayList<>();
        try {
            for (Future<List<Op>> future : futures) {
                perThread.add(future.get(60, TimeUnit.SECONDS));
            }
        } finally {
            // On failure the other threads may be waiting at the barrier; don't leave them behind.
            pool.shutdownNow();
        }

        Map<Long, String> expected = new TreeMap<>();
        Map<Long, Integer> sharedWins = new HashMap<>();
        int total = 0;
        for (List<Op> ops : perThread) {
            total += ops.size();
            for (Op op : ops) {
                if (op.kind().equals("shared-create")) {
                    assertTrue(op.status() == 201 || op.status() == 409, "shared create got " + op.status());
                    if (op.status() == 201) {
                        sharedWins.merge(op.id(), 1, Integer::sum);
                        expected.put(op.id(), op.body());
                    }
                } else {
                    // Owned ids: only this thread touches them, so its order is the truth.
                    switch (op.status()) {
                        case 201, 200 -> expected.put(op.id(), op.body());
                        case 204 -> expected.remove(op.id());
                        case 404, 409 -> { }
                        default -> throw new AssertionError("unexpected status " + op.status() + " for " + op);
                    }
                }
            }
        }
        assertEquals(THREADS * (SHARED_IDS + OWNED_OPS_PER_THREAD), total);
        for (long id = 1; id <= SHARED_IDS; id++) {
            assertEquals(1, sharedWins.getOrDefault(id, 0), "exactly one 201 for shared id " + id);
        }

        JsonNode actual = listProducts();
        Map<Long, String> actualById = new TreeMap<>();
        List<Long> order = new ArrayList<>();
        for (JsonNode product : actual) {
            long id = product.path("id").asLong();
            order.add(id);
            actualById.put(id, Http.MAPPER.writeValueAsString(product));
        }
        List<Long> sorted = new ArrayList<>(order);
        Collections.sort(sorted);
        assertEquals(sorted, order, "list ordered by id");
        assertEquals(expected, actualById);
    }

    /**
     * One thread's requests. Shared ids are created in lockstep: all threads pass a barrier and
     * POST the same id at the same moment, which is what exposes a non-atomic create. Between
     * rounds each thread runs a few random create/update/delete requests on its own ids.
     */
    private static List<Op> runThread(int thread, CyclicBarrier barrier) throws Exception {
        Random random = new Random(1000 + thread);
        long base = 1_000_000L * (thread + 1);
        Map<Long, Boolean> exists = new HashMap<>(); // this thread's ids only
        List<Op> done = new ArrayList<>();
        int version = 0;
        for (long sharedId = 1; sharedId <= SHARED_IDS; sharedId++) {
            String body = productJson(sharedId, "winner-t" + thread, "1.0" + thread, thread);
            barrier.await(30, TimeUnit.SECONDS);
            done.add(new Op("shared-create", sharedId, body, http.postJson("/products", body).status()));

            for (int i = 0; i < OWNED_OPS_PER_THREAD / SHARED_IDS; i++, version++) {
                long id = base + random.nextInt(OWNED_IDS_PER_THREAD);
                boolean present = exists.getOrDefault(id, false);
                String owned = productJson(id, "t" + thread + "-v" + version, version + ".5" + version % 10, version);
                Op op;
                int expectedStatus;
                switch (random.nextInt(3)) {
                    case 0 -> {
                        op = new Op("create", id, owned, http.postJson("/products", owned).status());
                        expectedStatus = present ? 409 : 201;
                    }
                    case 1 -> {
                        op = new Op("update", id, owned, http.putJson("/products/" + id, owned).status());
                        expectedStatus = present ? 200 : 404;
                    }
                    default -> {
                        op = new Op("delete", id, null, http.delete("/products/" + id).status());
                        expectedStatus = present ? 204 : 404;
                    }
                }
                // Nobody else touches this id, so the status is fully predictable.
                assertEquals(expectedStatus, op.status(), () -> "status of " + op);
                if (op.status() == 201 || op.status() == 200) {
                    exists.put(id, true);
                } else if (op.status() == 204) {
                    exists.put(id, false);
                }
                done.add(op);
            }
        }
        return done;
    }
}
