package dev.metricsagent.instrumentation.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.metricsagent.bridge.Settings;
import io.quarkus.runtime.RuntimeValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The router Quarkus serves is the one listed as {@code finalizeRouter} returns: the HTTP router
 * under the root path {@code /}, else the main router it is mounted in.
 */
class QuarkusRouterAdviceTest {
  private final List<Object> listed = new ArrayList<>();
  private final Object http = new Object();
  private final Object main = new Object();

  @BeforeEach
  void install() {
    Settings.install(Settings.NONE.withRouteLister(listed::add));
  }

  @AfterEach
  void uninstall() {
    Settings.install(Settings.NONE);
  }

  @Test
  void underTheRootPathSlashTheHttpRouterItself() {
    QuarkusRouterAdvice.exit(Optional.empty(), new RuntimeValue<>(http), "/");
    assertEquals(List.of(http), listed);
  }

  @Test
  void underAnotherRootPathTheMainRouterItIsMountedIn() {
    QuarkusRouterAdvice.exit(
        Optional.of(new RuntimeValue<>(main)), new RuntimeValue<>(http), "/api/");
    assertEquals(List.of(main), listed);
  }

  @Test
  void aSecondCallForTheSameRouterListsNothingMore() {
    RuntimeValue<?> router = new RuntimeValue<>(http);
    QuarkusRouterAdvice.exit(Optional.empty(), router, "/");
    QuarkusRouterAdvice.exit(Optional.empty(), router, "/");
    assertEquals(List.of(http), listed);
  }
}
