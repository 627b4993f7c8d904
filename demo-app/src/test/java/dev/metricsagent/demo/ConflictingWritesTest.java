package dev.metricsagent.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Threads race create/update/delete/get with valid and invalid bodies on a handful of shared ids.
 * Whatever the interleaving, the store is one linearizable map, so afterwards, per id:
 * <ul>
 *   <li>no request got a 5xx, and every status is one the API documents for that operation;</li>
 *   <li>successful creates and deletes alternate (the store starts empty), so
 *       {@code #201 - #204} is 1 if the id is present at the end and 0 if absent;</li>
 *   <li>a present product equals a body some 2xx create/update answered for that id (every valid
 *       body is unique, so "which write won" is identifiable);</li>
 *   <li>every 200 GET returned such a body too: nothing is ever visible that no 2xx wrote.</li>
 * </ul>
 * The seed is printed in every failure message; rerun with {@code -Dconflicts.seed=N}.
 */
class ConflictingWritesTest extends AppServerTestBase {

    private static final int THREADS = 6;
    private static final int OPS_PER_THREAD = 120;
    private static final int IDS = 4;

    private record Op(String method, long id, String body, boolean valid, int status, String response) {
        @Override
        public String toString() {
            return method + " " + id + " " + (body == null ? "" : body) + " -> " + status + " " + response;
        }
    }

    @RepeatedTest(3)
    void storeIsExplainedByTheSuccessfulAnswers(RepetitionInfo repetition) throws Exception {
        long seed = Long.getLong("conflicts.seed", System.nanoTime() ^ repetition.getCurrentRepetition());
        String where = "seed=" + seed + " (rerun with -Dconflicts.seed=" + seed + ")";

        CyclicBarrier barrier = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<List<Op>>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Random random = new Random(seed * 31 + t);
            int thread = t;
            futures.add(pool.submit(() -> race(thread, random, barrier)));
        }
        List<Op> all = new ArrayList<>();
        try {
            for (Future<List<Op>> future : futures) {
                all.addAll(future.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        Map<Long, Set<String>> written = new HashMap<>();
        Map<Long, Integer> created = new HashMap<>();
        Map<Long, Integer> deleted = new HashMap<>();
        for (Op op : all) {
            assertTrue(op.status() < 500, () -> "5xx: " + op + "; " + where);
            Set<Integer> allowed = switch (op.method()) {
                case "POST" -> op.valid() ? Set.of(201, 409) : Set.of(400);
                case "PUT" -> op.valid() ? Set.of(200, 404) : Set.of(400, 404);
                case "DELETE" -> Set.of(204, 404);
                default -> Set.of(200, 404);
            };
            assertTrue(allowed.contains(op.status()), () -> "unexpected status: " + op + "; " + where);
            if (op.status() == 201 || (op.status() == 200 && op.method().equals("PUT"))) {
                String product = HostileInputPropertiesTest.canonical(Http.MAPPER.readTree(op.response()));
                assertEquals(HostileInputPropertiesTest.canonical(Http.MAPPER.readTree(op.body())), product,
                        () -> "2xx answer differs from what was sent: " + op + "; " + where);
                written.computeIfAbsent(op.id(), k -> new HashSet<>()).add(product);
            }
            if (op.status() == 201) {
                created.merge(op.id(), 1, Integer::sum);
            }
            if (op.status() == 204) {
                deleted.merge(op.id(), 1, Integer::sum);
            }
        }
        for (Op op : all) {
            if (op.method().equals("GET") && op.status() == 200) {
                String seen = HostileInputPropertiesTest.canonical(Http.MAPPER.readTree(op.response()));
                assertTrue(written.getOrDefault(op.id(), Set.of()).contains(seen),
                        () -> "GET saw a product no 2xx wrote: " + op + "; " + where);
            }
        }

        Map<Long, String> finalState = new HashMap<>();
        for (JsonNode product : listProducts()) {
            finalState.put(product.path("id").longValue(), HostileInputPropertiesTest.canonical(product));
        }
        for (long id = 1; id <= IDS; id++) {
            long theId = id;
            int creates = created.getOrDefault(id, 0);
            int deletes = deleted.getOrDefault(id, 0);
            boolean present = finalState.containsKey(id);
            assertEquals(present ? 1 : 0, creates - deletes,
                    () -> "id " + theId + ": " + creates + " x 201, " + deletes + " x 204, present=" + present + "; " + where);
            if (present) {
                assertTrue(written.getOrDefault(id, Set.of()).contains(finalState.get(id)),
                        () -> "id " + theId + " holds " + finalState.get(theId) + ", which no 2xx wrote; " + where);
            }
        }
        assertTrue(finalState.keySet().stream().allMatch(id -> id >= 1 && id <= IDS),
                () -> "unexpected ids " + finalState.keySet() + "; " + where);
        // Every kind of outcome should have happened, or the test proves little.
        assertTrue(all.stream().anyMatch(op -> op.status() == 409) && all.stream().anyMatch(op -> op.status() == 204)
                && all.stream().anyMatch(op -> op.status() == 200 && op.method().equals("PUT")),
                () -> "races too tame; " + where);
    }

    private static List<Op> race(int thread, Random random, CyclicBarrier barrier) throws Exception {
        barrier.await(30, TimeUnit.SECONDS);
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < OPS_PER_THREAD; i++) {
            long id = 1 + random.nextInt(IDS);
            int pick = random.nextInt(10);
            String method = pick < 4 ? "POST" : pick < 7 ? "PUT" : pick < 9 ? "DELETE" : "GET";
            String body = null;
            boolean valid = true;
            if (method.equals("POST") || method.equals("PUT")) {
                // Unique name per op, so each written value identifies its request.
                String price = random.nextInt(100_000) + (random.nextBoolean() ? "" : "." + "0123456789".substring(0, 1 + random.nextInt(9)));
                valid = random.nextInt(4) > 0;
                body = valid
                        ? productJson(id, "t" + thread + "-op" + i, price, random.nextInt(1000))
                        : invalidBody(random, id, thread, i);
            }
            Http.Reply reply = switch (method) {
                case "POST" -> http.postJson("/products", body);
                case "PUT" -> http.putJson("/products/" + id, body);
                case "DELETE" -> http.delete("/products/" + id);
                default -> http.get("/products/" + id);
            };
            ops.add(new Op(method, id, body, valid, reply.status(), reply.body()));
        }
        return ops;
    }

    private static String invalidBody(Random random, long id, int thread, int i) {
        String name = "t" + thread + "-bad" + i;
        return switch (random.nextInt(8)) {
            case 0 -> productJson(id, name, "-1", 1);
            case 1 -> productJson(id, "", "1", 1);
            case 2 -> productJson(id, name, "1e999999", 1);
            case 3 -> productJson(id, name, "1", -1);
            case 4 -> productJson(id, name, "\"1\"", 1);
            case 5 -> "{\"id\":" + id + ",\"name\":\"" + name + "\",\"price\":1,\"amount\":1,\"x\":[" + "[".repeat(1500) + "]";
            case 6 -> "{\"id\":" + id + ",\"id\":" + id + ",\"name\":\"" + name + "\",\"price\":1,\"amount\":1}";
            default -> productJson(id, name, "1", 1) + "garbage";
        };
    }
}
